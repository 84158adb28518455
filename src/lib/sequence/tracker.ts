import { addToRanges, missingRanges, rangesContain, rangesSize } from './ranges.ts';
import type { RangeSet, SeqRange } from './ranges.ts';

// Pure model of one lane of numbered messages as a client receives them:
// what arrived, what is missing, and what a replay won back. The state is an
// immutable value and `recordSeq` a reducer, so a widget can keep history,
// rewind, or diff two lanes; `SequenceTracker` wraps it for imperative use.

/**
 * new:          first time seen, at or beyond the highest so far (may open a gap).
 * out-of-order: first time seen, live, but below the highest: it was late.
 * replayed:     first time seen, delivered by a replay (e.g. from the offset log).
 * duplicate:    already had it; the app must not apply it twice.
 */
export type Arrival = 'new' | 'duplicate' | 'replayed' | 'out-of-order';

export interface LaneCounters {
  /** Every arrival, duplicates included. */
  received: number;
  /** Distinct sequence numbers held. */
  unique: number;
  /** Numbers currently missing up to the horizon (highest seen or sentUpTo). */
  missed: number;
  /** Replayed arrivals that filled a gap. */
  recovered: number;
  duplicates: number;
  outOfOrder: number;
}

export interface LaneState {
  readonly start: number;
  readonly have: RangeSet;
  readonly highest: number | null;
  /** What the server says it has sent; gaps reach this far even if nothing arrived. */
  readonly sentUpTo: number | null;
  readonly received: number;
  readonly recovered: number;
  readonly duplicates: number;
  readonly outOfOrder: number;
}

/** `start` is the first sequence number the lane expects (1 by default). */
export function emptyLane(start = 1): LaneState {
  if (!Number.isSafeInteger(start)) throw new RangeError(`start must be an integer, got ${start}`);
  return { start, have: [], highest: null, sentUpTo: null, received: 0, recovered: 0, duplicates: 0, outOfOrder: 0 };
}

function checkSeq(state: LaneState, seq: number): void {
  if (!Number.isSafeInteger(seq) || seq < state.start) {
    throw new RangeError(`sequence numbers are integers >= ${state.start}, got ${seq}`);
  }
}

/** Highest number the lane should have by now. */
function horizon(state: LaneState): number | null {
  if (state.highest === null) return state.sentUpTo;
  if (state.sentUpTo === null) return state.highest;
  return Math.max(state.highest, state.sentUpTo);
}

export function recordSeq(
  state: LaneState,
  seq: number,
  options: { replayed?: boolean } = {},
): { state: LaneState; arrival: Arrival } {
  checkSeq(state, seq);
  const received = state.received + 1;
  if (rangesContain(state.have, seq)) {
    return { state: { ...state, received, duplicates: state.duplicates + 1 }, arrival: 'duplicate' };
  }
  const limit = horizon(state);
  const filledGap = limit !== null && seq <= limit;
  const next: LaneState = {
    ...state,
    received,
    have: addToRanges(state.have, seq),
    highest: state.highest === null ? seq : Math.max(state.highest, seq),
  };
  if (options.replayed === true) {
    return { state: { ...next, recovered: state.recovered + (filledGap ? 1 : 0) }, arrival: 'replayed' };
  }
  if (state.highest !== null && seq < state.highest) {
    return { state: { ...next, outOfOrder: state.outOfOrder + 1 }, arrival: 'out-of-order' };
  }
  return { state: next, arrival: 'new' };
}

/** The server reports how far it has sent; never moves backwards. */
export function markSentUpTo(state: LaneState, seq: number): LaneState {
  checkSeq(state, seq);
  if (state.sentUpTo !== null && state.sentUpTo >= seq) return state;
  return { ...state, sentUpTo: seq };
}

export function laneGaps(state: LaneState): SeqRange[] {
  const limit = horizon(state);
  return limit === null ? [] : missingRanges(state.have, state.start, limit);
}

export function laneCounters(state: LaneState): LaneCounters {
  const unique = rangesSize(state.have);
  const limit = horizon(state);
  return {
    received: state.received,
    unique,
    missed: limit === null ? 0 : limit - state.start + 1 - unique,
    recovered: state.recovered,
    duplicates: state.duplicates,
    outOfOrder: state.outOfOrder,
  };
}

/** Imperative wrapper over the pure functions above. */
export class SequenceTracker {
  private current: LaneState;

  constructor(start = 1) {
    this.current = emptyLane(start);
  }

  record(seq: number, options: { replayed?: boolean } = {}): Arrival {
    const { state, arrival } = recordSeq(this.current, seq, options);
    this.current = state;
    return arrival;
  }

  markSentUpTo(seq: number): void {
    this.current = markSentUpTo(this.current, seq);
  }

  gaps(): SeqRange[] {
    return laneGaps(this.current);
  }

  counters(): LaneCounters {
    return laneCounters(this.current);
  }

  /** The immutable state, e.g. to keep as history. */
  get state(): LaneState {
    return this.current;
  }
}
