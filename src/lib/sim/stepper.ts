// Play / pause / step / rewind without re-simulating: the state at time t is
// a pure function of (run, t), so rewinding is just asking for a smaller t.

import type { AppDelivery, RunResult, TimelineEvent } from './events.ts';

export type Snapshot = {
  t: number;
  /** Every packet sent by t (lines or X marks the widget should draw). */
  sent: TimelineEvent[];
  /** Sent by t and still travelling at t. */
  inFlight: TimelineEvent[];
  /** Arrived by t. */
  arrived: TimelineEvent[];
  /** Sent by t and lost (arriveT null). */
  lost: TimelineEvent[];
  /** Messages the receiving application has by t, in delivery order. */
  app: AppDelivery[];
  /** Messages sitting in the receive buffer at t, waiting behind a gap (TCP head-of-line blocking). */
  held: number[];
};

const timesCache = new WeakMap<RunResult, number[]>();

/** Every distinct moment something happens (send, arrival, delivery), ascending. */
export function eventTimes(run: RunResult): number[] {
  const cached = timesCache.get(run);
  if (cached) return cached;
  const set = new Set<number>();
  for (const ev of run.timeline) {
    set.add(ev.t);
    if (ev.arriveT !== null) set.add(ev.arriveT);
  }
  for (const d of run.app) set.add(d.t);
  const times = [...set].sort((a, b) => a - b);
  timesCache.set(run, times);
  return times;
}

/** Time of the last thing that happens in the run (0 if nothing does). */
export function endTime(run: RunResult): number {
  const times = eventTimes(run);
  return times.length > 0 ? times[times.length - 1] : 0;
}

export function snapshotAt(run: RunResult, t: number): Snapshot {
  const sent = run.timeline.filter((ev) => ev.t <= t);
  const app = run.app.filter((d) => d.t <= t);
  const deliveredAt = new Map(run.app.map((d) => [d.msg, d.t] as const));
  const held: number[] = [];
  for (const ev of sent) {
    // A TCP segment that has arrived but whose message the app does not have yet.
    if (ev.kind !== 'data' || ev.arriveT === null || ev.arriveT > t) continue;
    const when = deliveredAt.get(ev.msg as number);
    if (when !== undefined && when > t && !held.includes(ev.msg as number)) held.push(ev.msg as number);
  }
  return {
    t,
    sent,
    inFlight: sent.filter((ev) => ev.arriveT !== null && ev.arriveT > t),
    arrived: sent.filter((ev) => ev.arriveT !== null && ev.arriveT <= t),
    lost: sent.filter((ev) => ev.arriveT === null),
    app,
    held: held.sort((a, b) => a - b),
  };
}

/** First event time strictly after t, or null at the end. */
export function nextEventTime(run: RunResult, t: number): number | null {
  const times = eventTimes(run);
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length ? times[lo] : null;
}

/** Last event time strictly before t, or null at the start. */
export function prevEventTime(run: RunResult, t: number): number | null {
  const times = eventTimes(run);
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? times[lo - 1] : null;
}
