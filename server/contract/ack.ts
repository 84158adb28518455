// The "Acknowledgements" lesson: a job the server acknowledges after a delay the learner sets, so a client's
// timeout can fire first, the late ACK can still arrive, and retries can make the handler run twice.
import { z } from 'zod';
import { DEFAULT_LIMITS } from '../config.ts';
import type { Ack } from './common.ts';

export const AckJobSchema = z
  .object({
    /** The client's id for this job; the same on every retry, so the server can count runs per job. */
    ref: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'ref is up to 32 letters, digits, - or _'),
    /** How long the server waits before calling the acknowledgement. */
    delayMs: z
      .number()
      .int('the delay is a whole number of milliseconds')
      .min(0, 'the delay cannot be negative')
      .max(DEFAULT_LIMITS.maxAckDelayMs, `the server waits at most ${DEFAULT_LIMITS.maxAckDelayMs} ms`),
    /** "first": only the first run of a job is slow (a cold cache); "all": every run waits delayMs. */
    slow: z.enum(['first', 'all']).default('all'),
  })
  .strict();

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
  'ack:job': (payload: z.input<typeof AckJobSchema>, ack: Ack<AckJobResult>) => void;
}

export interface AckServerEvents {
  'ack:handled': (handled: AckHandled) => void;
}
