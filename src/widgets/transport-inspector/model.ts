// The transport inspector's state: every Engine.IO packet one real client sent or received, in wire order,
// decoded (Engine.IO outside, Socket.IO inside), with the transport that carried it, plus the transport
// milestones (probe, upgrade, upgrade error). Pure: the widget feeds it wire records and engine events.
import type { EnginePacketType, OpenHandshake } from '../../lib/protocol/engineio.ts';
import { layered, layeredPollingPayload, type LayeredPacket } from '../../lib/protocol/socketio.ts';
import type { SocketPacketType } from '../../lib/protocol/socketio.ts';

/** What carried a packet: the body of a polling GET response, the body of a polling POST, or a WebSocket frame. */
export type Carrier = 'polling-get' | 'polling-post' | 'websocket';
export type Direction = 'out' | 'in';

export interface WireRecord {
  dir: Direction;
  carrier: Carrier;
  /** Which transport object carried it (the probe WebSocket is a new one). */
  transportId: number;
  raw: string | ArrayBuffer | Uint8Array;
  at: number;
}

export interface PacketRow {
  kind: 'packet';
  seq: number;
  dir: Direction;
  carrier: Carrier;
  transportId: number;
  /** This packet's own text (binary shown as hex). */
  raw: string;
  /** Position in its polling body when a body held several packets. */
  batch?: { index: number; size: number };
  engineType: EnginePacketType | 'invalid';
  socketType?: SocketPacketType | 'invalid';
  probe: boolean;
  summary: string;
  at: number;
}

export type NoteKind = 'upgrading' | 'upgrade' | 'upgrade-error' | 'closed' | 'connect-error';

export interface NoteRow {
  kind: 'note';
  seq: number;
  note: NoteKind;
  text: string;
  at: number;
  /** How the session ended, for a 'closed' note ("transport error", "ping timeout", "forced close"…). */
  reason?: string;
}

export type Row = PacketRow | NoteRow;

export interface InspectorState {
  rows: Row[];
  nextSeq: number;
  handshake?: OpenHandshake;
  /** The transport the session is on now. */
  transport?: 'polling' | 'websocket';
  upgraded: boolean;
  upgradeError?: string;
  /** Packets carried by each transport so far. */
  counts: { polling: number; websocket: number };
}

export const MAX_ROWS = 400;

export const emptyInspector = (): InspectorState => ({
  rows: [],
  nextSeq: 1,
  upgraded: false,
  counts: { polling: 0, websocket: 0 },
});

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');

function rawText(p: LayeredPacket): string {
  if (typeof p.raw === 'string') return p.raw;
  return `<binary> ${hex(p.raw instanceof ArrayBuffer ? new Uint8Array(p.raw) : p.raw)}`;
}

function push(state: InspectorState, rows: Row[]): InspectorState {
  return { ...state, rows: [...state.rows, ...rows].slice(-MAX_ROWS) };
}

/** A body or frame crossed the wire: one row per Engine.IO packet in it. */
export function wire(state: InspectorState, rec: WireRecord): InspectorState {
  const packets =
    rec.carrier === 'websocket' || typeof rec.raw !== 'string' ? [layered(rec.raw)] : layeredPollingPayload(rec.raw);
  let seq = state.nextSeq;
  let { handshake, transport } = state;
  const counts = { ...state.counts };
  const rows: PacketRow[] = packets.map((p, index) => {
    const engineType = p.engine.type;
    const probe = p.engine.type !== 'invalid' && Boolean(p.engine.probe);
    if (p.engine.type === 'open' && p.engine.open) {
      handshake = p.engine.open;
      transport = rec.carrier === 'websocket' ? 'websocket' : 'polling';
    }
    counts[rec.carrier === 'websocket' ? 'websocket' : 'polling'] += 1;
    return {
      kind: 'packet',
      seq: seq++,
      dir: rec.dir,
      carrier: rec.carrier,
      transportId: rec.transportId,
      raw: rawText(p),
      batch: packets.length > 1 ? { index: index + 1, size: packets.length } : undefined,
      engineType,
      socketType: p.socket?.type,
      probe,
      summary: p.summary,
      at: rec.at,
    };
  });
  return push({ ...state, nextSeq: seq, handshake, transport, counts }, rows);
}

export type EngineEvent =
  | { type: 'upgrading'; transport: string }
  | { type: 'upgrade'; transport: string }
  | { type: 'upgrade-error'; message: string }
  | { type: 'closed'; reason: string }
  | { type: 'connect-error'; message: string };

const NOTE_TEXT: Record<EngineEvent['type'], (e: EngineEvent) => string> = {
  upgrading: () => 'The probe worked (pong "probe" came back). The client pauses polling before switching.',
  upgrade: () => 'Upgraded: from now on every packet travels in WebSocket frames. The polling transport is closed.',
  'upgrade-error': (e) =>
    `The WebSocket probe failed (${(e as { message: string }).message}). The session stays on HTTP long polling and keeps working.`,
  closed: (e) => `The Engine.IO session closed (${(e as { reason: string }).reason}).`,
  'connect-error': (e) => `Could not connect: ${(e as { message: string }).message}.`,
};

/** A transport milestone from engine.io-client ('upgrading', 'upgrade', 'upgradeError', 'close'). */
export function engineEvent(state: InspectorState, event: EngineEvent, at: number): InspectorState {
  const note: NoteRow = { kind: 'note', seq: state.nextSeq, note: event.type, text: NOTE_TEXT[event.type](event), at };
  if (event.type === 'closed') note.reason = event.reason;
  const next: InspectorState = { ...state, nextSeq: state.nextSeq + 1 };
  if (event.type === 'upgrade') {
    next.upgraded = true;
    next.transport = event.transport === 'websocket' ? 'websocket' : next.transport;
  }
  if (event.type === 'upgrade-error') next.upgradeError = event.message;
  return push(next, [note]);
}

/**
 * The event log's tone for a milestone: a failure or an unplanned close is bad news; only a close the page asked
 * for ("forced close": socket.close(), a restart) is neutral; an upgrade is good news.
 */
export function noteTone(row: NoteRow): 'ok' | 'info' | 'bad' {
  if (row.note === 'closed') return row.reason === 'forced close' ? 'info' : 'bad';
  return row.note === 'upgrade-error' || row.note === 'connect-error' ? 'bad' : 'ok';
}

const CARRIER_LABEL: Record<Carrier, string> = {
  'polling-get': 'polling response',
  'polling-post': 'polling request',
  websocket: 'WebSocket frame',
};

export const carrierLabel = (c: Carrier) => CARRIER_LABEL[c];

/** The row as one sentence for the event log. */
export function describeRow(row: Row): string {
  if (row.kind === 'note') return row.text;
  const who = row.dir === 'out' ? 'Client → server' : 'Server → client';
  return `${who}, ${CARRIER_LABEL[row.carrier]}: ${row.raw} — ${row.summary}`;
}

/** Packets that crossed in WebSocket frames on the session's transport after the upgrade (probe excluded). */
export function afterUpgrade(state: InspectorState): PacketRow[] {
  const at = state.rows.findIndex((r) => r.kind === 'packet' && r.engineType === 'upgrade');
  if (at < 0) return [];
  return state.rows.slice(at + 1).filter((r): r is PacketRow => r.kind === 'packet' && r.carrier === 'websocket');
}
