// The missed-events lab's state: one lane per virtual client, built on the sequence tracker. Pure: the widget
// feeds it what really arrived at each socket (and what the server says it sent); the view draws it.
import { missingRanges } from '../../lib/sequence/ranges.ts';
import {
  emptyLane,
  laneCounters,
  markSentUpTo,
  recordSeq,
  type Arrival,
  type LaneCounters,
  type LaneState,
} from '../../lib/sequence/tracker.ts';

export const STRATEGIES = ['none', 'recovery', 'offset', 'acks'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export const STRATEGY_LABEL: Record<Strategy, string> = {
  none: 'No strategy',
  recovery: 'Connection state recovery',
  offset: 'Replay from the server’s log (offsets)',
  acks: 'Client → server: acks with retries',
};

export type CellKind = 'new' | 'late' | 'replayed' | 'missing';

export interface Outage {
  /** Highest number the lane held when the client went away. */
  afterSeq: number;
  cause: 'drop' | 'flaky' | 'reload';
  reason?: string;
  startedAt: number;
  endedAt?: number;
  /** socket.recovered after the reconnect (undefined until it reconnected). */
  recovered?: boolean;
}

export interface Lane {
  name: string;
  tracker: LaneState | null;
  /** How each recent number first arrived, and how many extra copies came (duplicates). */
  arrivals: Map<number, Exclude<CellKind, 'missing'>>;
  dupes: Map<number, number>;
  outages: Outage[];
  /** Direction of the lane: stream events received, or effects the server applied for this client's events. */
  sentByClient: number;
  retries: number;
  /** Numbers that reached the lane only through the strategy (restored or replayed), none it already held. */
  recovered: number;
}

export interface LabModel {
  lanes: Lane[];
  /** The server's own count of what it sent into the lab (stream) — from its status answers. */
  serverSent: number;
}

const KEEP = 1000;

export function emptyModel(names: string[]): LabModel {
  return {
    serverSent: 0,
    lanes: names.map((name) => ({
      name,
      tracker: null,
      arrivals: new Map(),
      dupes: new Map(),
      outages: [],
      sentByClient: 0,
      retries: 0,
      recovered: 0,
    })),
  };
}

function mapLane(model: LabModel, name: string, fn: (lane: Lane) => Lane): LabModel {
  return { ...model, lanes: model.lanes.map((l) => (l.name === name ? fn(l) : l)) };
}

function trim<V>(map: Map<number, V>, keepFrom: number): Map<number, V> {
  if (map.size <= KEEP) return map;
  return new Map([...map].filter(([seq]) => seq >= keepFrom));
}

/** A numbered event (or an applied effect) reached `name`. Returns how the tracker classified it. */
export function receive(
  model: LabModel,
  name: string,
  seq: number,
  options: { replayed?: boolean } = {},
): { model: LabModel; arrival: Arrival } {
  let arrival: Arrival = 'new';
  const next = mapLane(model, name, (lane) => {
    let tracker = lane.tracker ?? emptyLane(seq);
    // A replay can bring numbers from before the lane's first one (a lane reset, or a page that rejoined with an
    // old offset): the lane then accounts from there, and what lies between is missing until it arrives.
    if (seq < tracker.start) tracker = { ...tracker, start: seq };
    const result = recordSeq(tracker, seq, options);
    arrival = result.arrival;
    const arrivals = new Map(lane.arrivals);
    const dupes = new Map(lane.dupes);
    if (arrival === 'duplicate') dupes.set(seq, (dupes.get(seq) ?? 0) + 1);
    else arrivals.set(seq, arrival === 'replayed' ? 'replayed' : arrival === 'out-of-order' ? 'late' : 'new');
    const hi = result.state.highest ?? seq;
    const recovered = lane.recovered + (arrival === 'replayed' ? 1 : 0);
    return {
      ...lane,
      recovered,
      tracker: result.state,
      arrivals: trim(arrivals, hi - KEEP),
      dupes: trim(dupes, hi - KEEP),
    };
  });
  return { model: next, arrival };
}

/**
 * The server says it has sent this many. When the answer came over `via`'s own connection, that lane has surely
 * received everything up to it (one connection keeps order), so its tail can be judged; so can a lane that is
 * away. A connected lane that did not ask may still have the last events in flight, so it is left alone.
 */
export function serverSent(model: LabModel, sent: number, via?: string): LabModel {
  const away = (l: Lane) => l.outages.length > 0 && l.outages[l.outages.length - 1]!.endedAt === undefined;
  return {
    serverSent: Math.max(sent, model.serverSent),
    lanes: model.lanes.map((l) =>
      l.tracker && sent >= l.tracker.start && (via === undefined || via === l.name || away(l))
        ? { ...l, tracker: markSentUpTo(l.tracker, sent) }
        : l,
    ),
  };
}

export function wentAway(model: LabModel, name: string, outage: Omit<Outage, 'afterSeq'>): LabModel {
  return mapLane(model, name, (l) => ({
    ...l,
    outages: [...l.outages.slice(-19), { ...outage, afterSeq: l.tracker?.highest ?? 0 }],
  }));
}

export function cameBack(model: LabModel, name: string, at: number, recovered: boolean): LabModel {
  return mapLane(model, name, (l) => {
    const last = l.outages[l.outages.length - 1];
    if (!last || last.endedAt !== undefined) return l;
    return { ...l, outages: [...l.outages.slice(0, -1), { ...last, endedAt: at, recovered }] };
  });
}

export function clientSent(model: LabModel, name: string, count: number): LabModel {
  return mapLane(model, name, (l) => ({ ...l, sentByClient: l.sentByClient + count }));
}

export function retried(model: LabModel, name: string): LabModel {
  return mapLane(model, name, (l) => ({ ...l, retries: l.retries + 1 }));
}

export interface LaneSummary extends LaneCounters {
  name: string;
  /** First and last numbers the lane accounts for. */
  from: number;
  to: number;
  /** The server's sent count as last reported to this lane (over its own connection, or while it was away). */
  serverSent: number;
  /**
   * What the lane shows as "server sent", live: the reported count or the highest number that reached the lane,
   * whichever is higher (a lane that holds #16 knows the server sent at least 16; the report comes once a second).
   */
  sentSoFar: number;
  /** Up to `serverSent`: held + missing = what the server sent since #from. */
  matches: boolean;
  heldUpToCount: number;
  missedUpToCount: number;
  lastOutage?: Outage;
}

export function summarize(lane: Lane): LaneSummary {
  const counters: LaneCounters = lane.tracker
    ? laneCounters(lane.tracker)
    : { received: 0, unique: 0, missed: 0, recovered: 0, duplicates: 0, outOfOrder: 0 };
  const from = lane.tracker?.start ?? 0;
  const known = lane.tracker?.sentUpTo ?? 0;
  const to = Math.max(lane.tracker?.highest ?? 0, known);
  // The check, up to the server's last count for this lane: numbers held (counted from the ranges it holds) plus
  // numbers missing (counted from the gaps) must add up to exactly what the server says it sent since #from.
  const held = lane.tracker
    ? lane.tracker.have.reduce((n, r) => n + Math.max(0, Math.min(r.to, known) - Math.max(r.from, from) + 1), 0)
    : 0;
  const gaps =
    lane.tracker && known >= from
      ? missingRanges(lane.tracker.have, from, known).reduce((n, r) => n + r.to - r.from + 1, 0)
      : 0;
  const expected = known >= from ? known - from + 1 : 0;
  const matches = held + gaps === expected;
  // The tracker counts a replay as recovered only below the horizon it knew of; the server's count arrives once a
  // second, so count every number the strategy brought that the lane did not hold.
  return {
    ...counters,
    recovered: lane.recovered,
    name: lane.name,
    from,
    to,
    serverSent: known,
    sentSoFar: to,
    matches,
    heldUpToCount: held,
    missedUpToCount: gaps,
    lastOutage: lane.outages[lane.outages.length - 1],
  };
}

/**
 * The stream rate the lab uses for what was typed: whole events a second in 1…max. Out of range goes to the
 * nearest end (0 and −3 both run at 1); only a blank or a non-number falls back to the default.
 */
export function clampRate(raw: string, max: number, fallback = 10): number {
  const value = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(1, Math.round(value)));
}

export interface Cell {
  seq: number;
  kind: CellKind;
  dupes: number;
}

/** The last `width` numbers of a lane, each with how it arrived (or that it is missing). */
export function cells(lane: Lane, width: number): Cell[] {
  if (!lane.tracker) return [];
  const hi = Math.max(lane.tracker.highest ?? 0, lane.tracker.sentUpTo ?? 0);
  const lo = Math.max(lane.tracker.start, hi - width + 1);
  const out: Cell[] = [];
  for (let seq = lo; seq <= hi; seq++)
    out.push({ seq, kind: lane.arrivals.get(seq) ?? 'missing', dupes: lane.dupes.get(seq) ?? 0 });
  return out;
}

/** The gaps of a lane as "#41–#70", for the event log and the text under the lane. */
export function describeGaps(lane: Lane): string {
  if (!lane.tracker) return 'nothing yet';
  const have = lane.tracker.have;
  const gaps: string[] = [];
  const hi =
    lane.tracker.sentUpTo === null
      ? (lane.tracker.highest ?? 0)
      : Math.max(lane.tracker.sentUpTo, lane.tracker.highest ?? 0);
  let cursor = lane.tracker.start;
  for (const r of [...have, { from: hi + 1, to: hi + 1 }]) {
    if (r.from > cursor) gaps.push(r.from - 1 === cursor ? `#${cursor}` : `#${cursor}–#${r.from - 1}`);
    cursor = r.to + 1;
  }
  return gaps.length ? gaps.slice(-4).join(', ') : 'no gaps';
}

/** The sentence the event log says when a client is back. */
export function describeReturn(name: string, outage: Outage, strategy: Strategy): string {
  const secs = outage.endedAt !== undefined ? ((outage.endedAt - outage.startedAt) / 1000).toFixed(1) : '?';
  const what = outage.cause === 'reload' ? 'reloaded' : 'reconnected';
  if (strategy === 'recovery') {
    return outage.recovered
      ? `${name} ${what} after ${secs} s: session recovered (socket.recovered = true); the server sends what it missed.`
      : `${name} ${what} after ${secs} s: NOT recovered (socket.recovered = false): a new session, so what was sent meanwhile is gone.`;
  }
  if (strategy === 'offset')
    return `${name} ${what} after ${secs} s and asked the server’s log for everything after its last offset.`;
  if (strategy === 'acks')
    return `${name} ${what} after ${secs} s; anything it emitted while away was buffered and is sent now.`;
  return `${name} ${what} after ${secs} s as a new connection. Nothing stored what it missed.`;
}
