// "Polling vs push": one stream of numbered server updates, seen three ways, and what each way cost.
// Pure: the widget feeds in what really happened (request sent, response received, push arrived) with page
// times from performance.now(); this module counts and compares. Times from the server's clock are never mixed
// with page times: a delay is measured against the moment the WebSocket copy of the same update arrived.
import type { TickerPollResponse, TickerUpdate } from '../../contract/index.ts';

export const METHODS = ['short', 'long', 'push'] as const;
export type Method = (typeof METHODS)[number];

export const METHOD_LABEL: Record<Method, string> = {
  short: 'Short polling',
  long: 'Long polling',
  push: 'WebSocket push',
};

export interface MethodStats {
  /** HTTP requests made (for push: the one upgrade request that opened the WebSocket). */
  requests: number;
  /** Answers that carried no update. */
  empty: number;
  /** Bytes of HTTP heads, requests and responses together, as the server measured them. */
  headerBytes: number;
  /** Updates this method has delivered to the page. */
  seen: number;
}

export interface Sighting {
  seq: number;
  method: Method;
  /** Page time (ms) when this method delivered the update. */
  t: number;
}

export interface Exchange {
  method: Exclude<Method, 'push'>;
  sentAt: number;
  answeredAt?: number;
  updates: number;
}

export interface PvpState {
  stats: Record<Method, MethodStats>;
  /** First sighting of each update per method: seq → method → page time. */
  sightings: Map<number, Partial<Record<Method, number>>>;
  /** Recent HTTP exchanges, for the timeline. */
  exchanges: Exchange[];
  /** Page time of each sighting, newest last, for the timeline. */
  marks: Sighting[];
}

const KEEP = 300;

const zero = (): MethodStats => ({ requests: 0, empty: 0, headerBytes: 0, seen: 0 });

export function emptyState(): PvpState {
  return { stats: { short: zero(), long: zero(), push: zero() }, sightings: new Map(), exchanges: [], marks: [] };
}

function see(state: PvpState, method: Method, updates: TickerUpdate[], t: number): PvpState {
  const sightings = new Map(state.sightings);
  const marks = [...state.marks];
  let fresh = 0;
  for (const u of updates) {
    const row = { ...sightings.get(u.seq) };
    if (row[method] !== undefined) continue; // a copy this method already delivered
    row[method] = t;
    sightings.set(u.seq, row);
    marks.push({ seq: u.seq, method, t });
    fresh++;
  }
  const stats = { ...state.stats, [method]: { ...state.stats[method], seen: state.stats[method].seen + fresh } };
  while (marks.length > KEEP) marks.shift();
  return { ...state, stats, sightings, marks };
}

/** An HTTP poll left the page. */
export function requested(state: PvpState, method: Exchange['method'], t: number): PvpState {
  const stats = { ...state.stats, [method]: { ...state.stats[method], requests: state.stats[method].requests + 1 } };
  const exchanges = [...state.exchanges, { method, sentAt: t, updates: 0 }].slice(-KEEP);
  return { ...state, stats, exchanges };
}

/** The answer to the oldest open poll of `method` arrived. */
export function answered(state: PvpState, method: Exchange['method'], body: TickerPollResponse, t: number): PvpState {
  const exchanges = [...state.exchanges];
  const i = exchanges.findIndex((e) => e.method === method && e.answeredAt === undefined);
  if (i !== -1) exchanges[i] = { ...exchanges[i]!, answeredAt: t, updates: body.updates.length };
  const s = state.stats[method];
  const stats = {
    ...state.stats,
    [method]: {
      ...s,
      empty: s.empty + (body.updates.length ? 0 : 1),
      headerBytes: s.headerBytes + body.requestHeaderBytes + body.responseHeaderBytes,
    },
  };
  return see({ ...state, stats, exchanges }, method, body.updates, t);
}

/** A poll failed (network, 429): close it without updates. */
export function failed(state: PvpState, method: Exchange['method'], t: number): PvpState {
  const exchanges = [...state.exchanges];
  const i = exchanges.findIndex((e) => e.method === method && e.answeredAt === undefined);
  if (i !== -1) exchanges[i] = { ...exchanges[i]!, answeredAt: t, updates: 0 };
  return { ...state, exchanges };
}

/** The WebSocket opened: one HTTP request (the upgrade), whose heads the server measured. */
export function opened(state: PvpState, handshakeBytes: number): PvpState {
  const push = state.stats.push;
  return {
    ...state,
    stats: {
      ...state.stats,
      push: { ...push, requests: push.requests + 1, headerBytes: push.headerBytes + handshakeBytes },
    },
  };
}

export const pushed = (state: PvpState, update: TickerUpdate, t: number) => see(state, 'push', [update], t);

/**
 * How much later than the WebSocket copy each method delivered updates, averaged over updates both saw.
 * Negative would mean a poll beat the push (possible by a hair for long polling: both leave the server together).
 */
export function lagBehindPush(
  state: PvpState,
  method: Method,
): { mean: number; max: number; count: number } | undefined {
  const lags: number[] = [];
  for (const row of state.sightings.values()) {
    if (row.push !== undefined && row[method] !== undefined) lags.push(row[method]! - row.push);
  }
  if (!lags.length) return undefined;
  return { mean: lags.reduce((a, b) => a + b, 0) / lags.length, max: Math.max(...lags), count: lags.length };
}

/** Bytes of one pushed update on the wire: a 2-byte WebSocket frame header plus the Socket.IO packet (text). */
export function pushFrameBytes(update: TickerUpdate): number {
  const payload = new TextEncoder().encode('42' + JSON.stringify(['ticker:update', update])).length;
  const header = payload <= 125 ? 2 : payload <= 0xffff ? 4 : 10; // server → client frames are not masked
  return header + payload;
}

export function describeAnswer(method: Exchange['method'], body: TickerPollResponse): string {
  const what = body.updates.length ? `update ${body.updates.map((u) => `#${u.seq}`).join(', ')}` : 'nothing new';
  const held = method === 'long' ? ` after the server held it ${(body.heldMs / 1000).toFixed(1)} s` : '';
  return `${METHOD_LABEL[method]}: a GET came back with ${what}${held} (${body.requestHeaderBytes + body.responseHeaderBytes} bytes of headers).`;
}

/**
 * "Poll harder" ticks on what the learner saw at the fast interval, not on picking it: since `since` (short
 * polling's counts when 250 ms was chosen) it has found a few updates and heard a few "nothing new" answers.
 */
export const FAST_POLL_OBSERVED = { seen: 2, empty: 3 } as const;
export function fastPollingObserved(since: Pick<MethodStats, 'seen' | 'empty'>, now: MethodStats): boolean {
  return now.seen - since.seen >= FAST_POLL_OBSERVED.seen && now.empty - since.empty >= FAST_POLL_OBSERVED.empty;
}
