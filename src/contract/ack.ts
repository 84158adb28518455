// The "Acknowledgements" lesson: a job the server acknowledges after a delay the learner sets, so a client's
// timeout can fire first, the late ACK can still arrive, and retries can make the handler run twice.
import type { Ack } from './common.ts';

export interface AckJobPayload {
  /** The client's id for this job; the same on every retry, so the server can count runs per job. */
  ref: string;
  /** How long the server waits before calling the acknowledgement (at most Limits.maxAckDelayMs). */
  delayMs: number;
  /** "first": only the first run of a job is slow (a cold cache); "all" (the default): every run waits delayMs. */
  slow?: 'first' | 'all';
}

export interface AckJobResult {
  ref: string;
  /** Which run of this job's handler produced this answer (2 or more means a duplicate). */
  run: number;
  /** How long this run waited before acknowledging. */
  waitedMs: number;
}

/** Sent to the whole lab each time the handler starts, so duplicates show even when their ACK is lost or late. */
export interface AckHandled {
  ref: string;
  run: number;
  from: string;
  /** The delay this run will wait before it calls the acknowledgement. */
  delayMs: number;
}

export interface AckClientEvents {
  'ack:job': (payload: AckJobPayload, ack: Ack<AckJobResult>) => void;
}

export interface AckServerEvents {
  'ack:handled': (handled: AckHandled) => void;
}
