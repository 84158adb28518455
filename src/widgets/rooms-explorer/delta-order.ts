// Rooms deltas put back in order. With many nodes every node's deltas continue one version sequence, but two
// nodes' messages travel separately, so v3 can arrive before v2. Rather than resync from a snapshot at once, the
// page holds a delta whose predecessor is missing for a short window (REORDER_MS); the missing one usually
// lands meanwhile and both apply in order. Pure: render.ts owns the timer.
import type { RoomsDelta } from '../../contract/index.ts';

/** How long a delta may wait for its predecessor before the page gives up and asks for a snapshot. */
export const REORDER_MS = 100;
/** At most this many deltas wait; one more means something is lost, not late. */
export const MAX_HELD = 8;

export interface Ordered {
  /** Deltas to apply now, in this order (applyDelta still ignores old copies and resyncs on a gap). */
  ready: RoomsDelta[];
  /** Deltas still waiting for their predecessor, by version. */
  held: RoomsDelta[];
}

/** Takes one arriving delta, given the deltas held so far and the version the page is at. */
export function orderDelta(held: RoomsDelta[], version: number | undefined, delta: RoomsDelta): Ordered {
  // Nothing to continue from, a delta that asks for a snapshot anyway, or an old copy: no reason to wait.
  if (version === undefined || delta.resync || delta.version <= version) return { ready: [delta], held };
  if (delta.from !== version) {
    if (held.some((d) => d.version === delta.version)) return { ready: [], held }; // another client's copy
    const waiting = [...held, delta].sort((a, b) => a.version - b.version);
    return waiting.length > MAX_HELD ? release(waiting) : { ready: [], held: waiting };
  }
  // It continues the page: it, and every held delta that now continues from it, apply in order.
  const ready = [delta];
  let rest = held.filter((d) => d.version > delta.version);
  for (let next = rest.find((d) => d.from === delta.version); next; next = rest.find((d) => d.from === last(ready))) {
    ready.push(next);
    rest = rest.filter((d) => d !== next);
  }
  return { ready, held: rest };
}

/** The wait is over (REORDER_MS passed, or too many held): everything held applies, and its gap resyncs. */
export function release(held: RoomsDelta[]): Ordered {
  return { ready: [...held].sort((a, b) => a.version - b.version), held: [] };
}

const last = (ds: RoomsDelta[]) => ds[ds.length - 1]!.version;
