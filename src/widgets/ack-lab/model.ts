// The ack lab's state: each job the learner emitted, every attempt the client library really sent (read from
// the wire), every ACK packet that came back (in time or late), how each job ended, and how many times the
// server's handler ran. Pure: the widget feeds it socket and wire events with timestamps.
import { count } from '../../lib/plural.ts';

export type AckMode = 'timeout' | 'retries';
export type Outcome = 'pending' | 'ok' | 'timeout';

export interface Attempt {
  /** `${client}:${ackId}`: ack ids are counted per socket. */
  key: string;
  ackId: number;
  sentAt: number;
  ackAt?: number;
  /** The server run that produced this ACK. */
  run?: number;
}

export interface Job {
  ref: string;
  index: number;
  mode: AckMode;
  delayMs: number;
  timeoutMs: number;
  retries: number;
  slow: 'first' | 'all';
  sentAt: number;
  attempts: Attempt[];
  /** Server handler runs seen through ack:handled (1, 2, …). */
  serverRuns: number[];
  outcome: Outcome;
  settledAt?: number;
  /** The attempt whose ACK the library accepted. */
  acceptedKey?: string;
  /** The run number in the accepted answer. */
  answeredBy?: number;
  error?: string;
}

export interface AckLabState {
  jobs: Job[];
}

export const MAX_JOBS = 40;

export const emptyLab = (): AckLabState => ({ jobs: [] });

function replace(state: AckLabState, ref: string, f: (j: Job) => Job): AckLabState {
  return { jobs: state.jobs.map((j) => (j.ref === ref ? f(j) : j)) };
}

export function jobStarted(
  state: AckLabState,
  job: Omit<Job, 'index' | 'attempts' | 'serverRuns' | 'outcome'>,
): AckLabState {
  const index = (state.jobs[state.jobs.length - 1]?.index ?? 0) + 1;
  const next: Job = { ...job, index, attempts: [], serverRuns: [], outcome: 'pending' };
  return { jobs: [...state.jobs, next].slice(-MAX_JOBS) };
}

/** The client library put an EVENT "ack:job" with this ack id on the wire (first try or a retry). */
export function attemptSent(state: AckLabState, ref: string, client: string, ackId: number, at: number): AckLabState {
  const key = `${client}:${ackId}`;
  return replace(state, ref, (j) =>
    j.attempts.some((a) => a.key === key) ? j : { ...j, attempts: [...j.attempts, { key, ackId, sentAt: at }] },
  );
}

/** An ACK packet arrived on the wire, whether or not the library still wanted it. */
export function ackArrived(
  state: AckLabState,
  client: string,
  ackId: number,
  run: number | undefined,
  at: number,
): AckLabState {
  const key = `${client}:${ackId}`;
  const job = state.jobs.find((j) => j.attempts.some((a) => a.key === key));
  if (!job) return state;
  return replace(state, job.ref, (j) => ({
    ...j,
    attempts: j.attempts.map((a) => (a.key === key && a.ackAt === undefined ? { ...a, ackAt: at, run } : a)),
  }));
}

/** The server said its handler started (ack:handled), with the run number for this job. */
export function handlerRan(state: AckLabState, ref: string, run: number): AckLabState {
  return replace(state, ref, (j) =>
    j.serverRuns.includes(run) ? j : { ...j, serverRuns: [...j.serverRuns, run].sort((a, b) => a - b) },
  );
}

/** emitWithAck settled: resolved with the server's answer, or rejected (timed out, retries used up). */
export function jobSettled(
  state: AckLabState,
  ref: string,
  result: { ok: true; run: number } | { ok: false; error: string },
  at: number,
): AckLabState {
  return replace(state, ref, (j) => {
    if (j.outcome !== 'pending') return j;
    if (!result.ok) return { ...j, outcome: 'timeout', settledAt: at, error: result.error };
    // The library resolves synchronously on the ACK packet it accepts: the latest one to arrive.
    const accepted = [...j.attempts].filter((a) => a.ackAt !== undefined).sort((a, b) => b.ackAt! - a.ackAt!)[0];
    return { ...j, outcome: 'ok', settledAt: at, acceptedKey: accepted?.key, answeredBy: result.run };
  });
}

/** ACKs that reached the client after it had given up on them (dropped by the library). */
export function lateAcks(job: Job): Attempt[] {
  if (job.outcome === 'pending') return [];
  return job.attempts.filter((a) => a.ackAt !== undefined && a.key !== job.acceptedKey);
}

export const roundTrip = (job: Job) =>
  job.outcome === 'ok' && job.settledAt !== undefined ? job.settledAt - job.sentAt : undefined;

/** One sentence per job for the log and the table. */
export function describeJob(job: Job): string {
  const runs = job.serverRuns.length;
  const ranText = `the server ran the handler ${runs === 1 ? 'once' : `${runs} times`}${runs > 1 ? ' (duplicate!)' : ''}`;
  const late = lateAcks(job).length;
  const lateText = late ? `; ${count(late, 'late ACK')} arrived and ${late === 1 ? 'was' : 'were'} ignored` : '';
  switch (job.outcome) {
    case 'pending':
      return `Job ${job.index}: waiting for an acknowledgement…`;
    case 'ok':
      return `Job ${job.index}: acknowledged after ${Math.round(roundTrip(job)!)} ms (${count(job.attempts.length, 'attempt')}); ${ranText}${lateText}.`;
    case 'timeout':
      return `Job ${job.index}: ${job.error ?? 'timed out'} after ${Math.round(job.settledAt! - job.sentAt)} ms; ${ranText}${lateText}.`;
  }
}
