// Words for what happens: one line per thing that happens at exactly time t (for the aria-live event log),
// a one-line summary of the state at any t (after a jump or a step back), and the state of every message
// in each receiving application at t (the strip beside the diagram). Pure functions of (simulation, t).
import {
  snapshotAt,
  type AppDelivery,
  type RunResult,
  type Simulation,
  type TimelineEvent,
} from '../../lib/sim/index.ts';
import { packetLabel, PROTOS, type Proto } from './layout.ts';

export type Tone = 'info' | 'ok' | 'bad';
/** `kind` lets the widget keep only the important lines while playing, and lets tests find them. */
export type LineKind =
  | 'send'
  | 'arrive'
  | 'lost'
  | 'fast-retransmit'
  | 'timeout'
  | 'resend'
  | 'deliver'
  | 'held'
  | 'released'
  | 'duplicate'
  | 'reorder'
  | 'dupack'
  | 'done';
export type Line = { proto: Proto; kind: LineKind; tone: Tone; text: string };

/** Lines worth reading aloud while Play runs (every line is logged when stepping). */
export const IMPORTANT: ReadonlySet<LineKind> = new Set([
  'lost',
  'fast-retransmit',
  'timeout',
  'resend',
  'held',
  'released',
  'reorder',
  'done',
]);

export const NAME: Record<Proto, string> = { tcp: 'TCP', udp: 'UDP' };
export const ms = (t: number): string => `${Math.round(t)} ms`;
const ordinal = (n: number): string =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th')}`;
const list = (xs: number[]): string =>
  xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : String(xs[0]);

const CONTROL_WORDS: Partial<Record<TimelineEvent['kind'], string>> = {
  syn: 'SYN (seq 0): “let’s open a connection”',
  synack: 'SYN-ACK (seq 0, ACK 1): “agreed, and I’m ready”',
  fin: 'FIN: “I have nothing more to send”',
  finack: 'FIN-ACK: “me neither, and I got your FIN”',
};

function describeSend(proto: Proto, ev: TimelineEvent, run: RunResult, t: number): Line {
  const who = ev.from === 'client' ? 'client' : 'server';
  if (ev.arriveT === null) {
    const what =
      proto === 'udp'
        ? `datagram ${ev.seq}`
        : ev.kind === 'data'
          ? `segment ${ev.seq}${ev.retransmit ? ' (resent)' : ''}`
          : packetLabel(ev);
    const tail = proto === 'udp' ? ': UDP will never send it again' : '';
    return { proto, kind: 'lost', tone: 'bad', text: `${NAME[proto]} ${what} lost on the wire${tail}.` };
  }
  if (ev.retransmit && ev.note?.startsWith('fast retransmit')) {
    const dups = duplicateAcksBefore(run, ev.seq as number, t);
    return {
      proto,
      kind: 'fast-retransmit',
      tone: 'bad',
      text: `${NAME[proto]}: ${ordinal(dups)} duplicate ACK for ${ev.seq} → fast retransmit of segment ${ev.seq}.`,
    };
  }
  if (ev.retransmit && ev.note?.startsWith('timeout')) {
    return {
      proto,
      kind: 'timeout',
      tone: 'bad',
      text: `${NAME[proto]}: the ${who}'s retransmission timer expired → resend ${packetLabel({ ...ev, retransmit: false })}.`,
    };
  }
  if (ev.retransmit) {
    return {
      proto,
      kind: 'resend',
      tone: 'info',
      text: `${NAME[proto]} ${who} sends ${packetLabel({ ...ev, retransmit: false })} again (${ev.note ?? 'repeat'}).`,
    };
  }
  if (ev.kind === 'data')
    return { proto, kind: 'send', tone: 'info', text: `TCP client sends segment ${ev.seq} (message ${ev.msg}).` };
  if (ev.kind === 'datagram')
    return { proto, kind: 'send', tone: 'info', text: `UDP client sends datagram ${ev.seq} (message ${ev.msg}).` };
  // The client's ACKs count the server's numbers: 1 acknowledges its SYN, 2 its FIN.
  if (ev.kind === 'ack' && ev.from === 'client') {
    const what =
      ev.ack === 1
        ? '“got your SYN-ACK”: the three-way handshake is complete'
        : '“got your FIN”: the connection is closed';
    return { proto, kind: 'send', tone: 'info', text: `TCP client sends ACK ${ev.ack}: ${what}.` };
  }
  if (ev.kind === 'ack' || ev.kind === 'dupack') {
    const dup = ev.kind === 'dupack' ? `, again (${ev.note ?? 'duplicate'})` : '';
    return {
      proto,
      kind: 'send',
      tone: 'info',
      text: `TCP ${who} sends ACK ${ev.ack}: “I have everything before ${ev.ack}”${dup}.`,
    };
  }
  return { proto, kind: 'send', tone: 'info', text: `TCP ${who} sends ${CONTROL_WORDS[ev.kind] ?? packetLabel(ev)}.` };
}

/** Duplicate ACKs for `ack` that reached the client by t: the count the sender acts on. */
function duplicateAcksBefore(run: RunResult, ack: number, t: number): number {
  return run.timeline.filter((e) => e.kind === 'dupack' && e.ack === ack && e.arriveT !== null && e.arriveT <= t)
    .length;
}

function describeArrival(proto: Proto, ev: TimelineEvent, run: RunResult, t: number): Line | null {
  if (proto === 'udp') return null; // the delivery line says it all
  if (ev.kind === 'dupack') {
    const n = run.timeline.filter(
      (e) =>
        e.kind === 'dupack' &&
        e.ack === ev.ack &&
        e.arriveT !== null &&
        (e.arriveT < t || (e.arriveT === t && e.id <= ev.id)),
    ).length;
    return {
      proto,
      kind: 'dupack',
      tone: 'info',
      text: `TCP client gets its ${ordinal(n)} duplicate ACK for ${ev.ack}: segment ${ev.ack} seems to be missing.`,
    };
  }
  if (ev.kind === 'data') {
    const delivery = run.app.find((d) => d.msg === ev.msg);
    if (delivery && delivery.t < t)
      return {
        proto,
        kind: 'duplicate',
        tone: 'info',
        text: `TCP server gets segment ${ev.seq} again; the app already has it, so it is only ACKed.`,
      };
    if (delivery && delivery.t > t) {
      const next = run.app.filter((d) => d.t <= t).length + 1;
      return {
        proto,
        kind: 'held',
        tone: 'bad',
        text: `TCP server gets segment ${ev.seq} early: it waits in the receive buffer until ${next} arrives (head-of-line blocking).`,
      };
    }
    return null; // delivered now: the delivery line covers it
  }
  return {
    proto,
    kind: 'arrive',
    tone: 'info',
    text: `TCP ${ev.from === 'client' ? 'server' : 'client'} gets ${packetLabel(ev)}.`,
  };
}

function describeDeliveries(proto: Proto, run: RunResult, t: number): Line[] {
  const now = run.app.filter((d) => d.t === t);
  if (now.length === 0) return [];
  if (proto === 'udp') {
    return now.map((d) => {
      const before = run.app.filter((x) => x.t < t || (x.t === t && run.app.indexOf(x) < run.app.indexOf(d)));
      const highest = Math.max(0, ...before.map((x) => x.msg));
      return d.inOrder
        ? {
            proto,
            kind: 'deliver' as const,
            tone: 'ok' as const,
            text: `UDP app receives message ${d.msg}${d.msg > highest + 1 ? ` (skipping ${highest + 1}${d.msg > highest + 2 ? `–${d.msg - 1}` : ''} for now)` : ''}.`,
          }
        : {
            proto,
            kind: 'reorder' as const,
            tone: 'bad' as const,
            text: `UDP app receives message ${d.msg} out of order, after ${highest}.`,
          };
    });
  }
  const waited = now.filter((d) => d.waitedMs !== undefined).map((d) => d.msg);
  const msgs = now.map((d) => d.msg);
  if (waited.length === 0)
    return [{ proto, kind: 'deliver', tone: 'ok', text: `TCP app receives message ${list(msgs)}.` }];
  return [
    {
      proto,
      kind: 'released',
      tone: 'ok',
      text: `The gap is filled: TCP app receives messages ${msgs[0]}–${msgs[msgs.length - 1]} at once (${list(waited)} waited in the buffer).`,
    },
  ];
}

function describeEnd(proto: Proto, run: RunResult, t: number, messages: number): Line | null {
  if (proto === 'tcp') {
    if (run.counters.completionMs !== t) return null;
    return {
      proto,
      kind: 'done',
      tone: 'ok',
      text: `TCP connection closed: all ${messages} messages delivered, in order, in ${ms(t)}.`,
    };
  }
  if (run.counters.completionMs !== t) return null;
  const got = new Set(run.app.map((d) => d.msg));
  const missing = Array.from({ length: messages }, (_, i) => i + 1).filter((m) => !got.has(m));
  const tail =
    missing.length === 0
      ? 'every message arrived'
      : `message${missing.length > 1 ? 's' : ''} ${list(missing)} never arrived, and the sender never learns`;
  return { proto, kind: 'done', tone: missing.length ? 'bad' : 'ok', text: `UDP done after ${ms(t)}: ${tail}.` };
}

type RunIndex = {
  arrivals: Map<number, TimelineEvent[]>;
  sends: Map<number, TimelineEvent[]>;
  deliveries: Map<number, AppDelivery[]>;
  /** Per message (index msg - 1): first arrival of a copy, delivery, and when its first lost copy left. */
  firstArrival: number[];
  delivered: number[];
  deliveredInOrder: boolean[];
  lostSentAt: number[];
};
const indexes = new WeakMap<RunResult, RunIndex>();

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Looks a run up by time and by message once, so a Play frame costs a few map lookups instead of scanning
 * every packet (the run never changes: results are frozen in practice, and cached per run object).
 */
function indexOf(run: RunResult): RunIndex {
  const cached = indexes.get(run);
  if (cached) return cached;
  const idx: RunIndex = {
    arrivals: new Map(),
    sends: new Map(),
    deliveries: new Map(),
    firstArrival: [],
    delivered: [],
    deliveredInOrder: [],
    lostSentAt: [],
  };
  for (const ev of run.timeline) {
    push(idx.sends, ev.t, ev);
    if (ev.arriveT !== null) push(idx.arrivals, ev.arriveT, ev);
    if (ev.msg === undefined) continue;
    const i = ev.msg - 1;
    if (ev.arriveT !== null) idx.firstArrival[i] = Math.min(idx.firstArrival[i] ?? Infinity, ev.arriveT);
    else idx.lostSentAt[i] = Math.min(idx.lostSentAt[i] ?? Infinity, ev.t);
  }
  for (const d of run.app) {
    push(idx.deliveries, d.t, d);
    idx.delivered[d.msg - 1] = d.t;
    idx.deliveredInOrder[d.msg - 1] = d.inOrder;
  }
  indexes.set(run, idx);
  return idx;
}

/** Everything that happens at exactly t, both protocols, causes before effects. */
export function narrateAt(sim: Simulation, t: number, messages: number): Line[] {
  const lines: Line[] = [];
  for (const proto of PROTOS) {
    const run = sim[proto];
    const idx = indexOf(run);
    for (const ev of idx.arrivals.get(t) ?? []) {
      const l = describeArrival(proto, ev, run, t);
      if (l) lines.push(l);
    }
    if (idx.deliveries.has(t)) lines.push(...describeDeliveries(proto, run, t));
    for (const ev of idx.sends.get(t) ?? []) lines.push(describeSend(proto, ev, run, t));
    const end = describeEnd(proto, run, t, messages);
    if (end) lines.push(end);
  }
  return lines.map((l) => ({ ...l, text: `t=${ms(t)}: ${l.text}` }));
}

/** Where things stand at t, in one sentence (for jumps and steps back). */
export function summaryAt(sim: Simulation, t: number, messages: number): string {
  const tcp = snapshotAt(sim.tcp, t);
  const udp = snapshotAt(sim.udp, t);
  const held = tcp.held.length ? ` (${list(tcp.held)} waiting in the receive buffer)` : '';
  return `t=${ms(t)}: TCP app has ${tcp.app.length} of ${messages}${held}; UDP app has ${udp.app.length} of ${messages}.`;
}

export type MsgState = 'pending' | 'received' | 'late' | 'held' | 'missing';

/**
 * The receiving application's view of every message at t. TCP: received, held (arrived, waiting behind a
 * gap) or pending. UDP: received, late (out of order), missing (its datagram was lost and none is coming)
 * or pending.
 */
export function messageStates(run: RunResult, proto: Proto, t: number, messages: number, tripMs: number): MsgState[] {
  const idx = indexOf(run);
  const states: MsgState[] = new Array(messages);
  for (let i = 0; i < messages; i++) {
    const delivered = idx.delivered[i];
    if (delivered !== undefined && delivered <= t) states[i] = idx.deliveredInOrder[i] ? 'received' : 'late';
    // TCP: a copy has arrived but the app does not have it yet: held behind a gap (snapshotAt's `held`).
    else if (proto === 'tcp' && (idx.firstArrival[i] ?? Infinity) <= t) states[i] = 'held';
    // UDP: missing once its ✕ is on screen and no copy arrived: UDP will not try again.
    else if (proto === 'udp' && delivered === undefined && (idx.lostSentAt[i] ?? Infinity) + tripMs / 2 <= t)
      states[i] = 'missing';
    else states[i] = 'pending';
  }
  return states;
}
