// How long a consumer's current job still has to run. A freeze stops the clock, a thaw restarts it with what was
// left, so a thawed consumer really carries on where it stopped instead of finishing at once. Pure: times come in.

export interface JobClock {
  /** Work still to do when the clock last stopped or started (ms). */
  remainingMs: number;
  /** When it last started running; undefined while paused. */
  runningSince?: number;
}

export const startJob = (ms: number, now: number): JobClock => ({ remainingMs: Math.max(0, ms), runningSince: now });

/** Stops the clock: what ran since it started comes off the remaining time. */
export function pauseJob(job: JobClock, now: number): JobClock {
  if (job.runningSince === undefined) return job;
  return { remainingMs: Math.max(0, job.remainingMs - (now - job.runningSince)) };
}

/** Starts it again from what was left. */
export const resumeJob = (job: JobClock, now: number): JobClock =>
  job.runningSince === undefined ? { remainingMs: job.remainingMs, runningSince: now } : job;

/** A delivery's number for people: the broker's id "m7" is message #7. */
export const messageLabel = (messageId: string): string => `message #${messageId.replace(/^m/, '')}`;
