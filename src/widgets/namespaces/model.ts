// The namespaces widget's state: every Engine.IO packet on each real connection ("wire"), decoded, with the
// Socket.IO namespace it belongs to, and which Engine.IO session (sid) each wire is. Pure: the widget feeds it
// the packets engine.io-client reports ('packet' in, 'packetCreate' out) for every Manager it watches.
import { ENGINE_PACKET_TYPES, type EnginePacketType } from '../../lib/protocol/engineio.ts';
import { layered, type SocketPacketType } from '../../lib/protocol/socketio.ts';

export interface Wire {
  id: number;
  sid?: string;
  /** Namespaces this wire carries now, in the order first seen (a DISCONNECT takes its namespace off). */
  nsps: string[];
}

export interface NsRow {
  seq: number;
  wire: number;
  dir: 'in' | 'out';
  raw: string;
  engineType: EnginePacketType | 'invalid';
  socketType?: SocketPacketType | 'invalid';
  /** The Socket.IO namespace, or undefined for Engine.IO housekeeping (open, ping, pong …). */
  nsp?: string;
  summary: string;
}

export interface NsState {
  wires: Wire[];
  rows: NsRow[];
  nextSeq: number;
}

export const MAX_ROWS = 300;
export const emptyNs = (): NsState => ({ wires: [], rows: [], nextSeq: 1 });

/** engine.io-client hands over packets as { type, data }; their wire text is the type digit, then the data. */
export function engineText(packet: { type: string; data?: unknown }): string | undefined {
  const code = ENGINE_PACKET_TYPES.indexOf(packet.type as EnginePacketType);
  if (code < 0) return undefined;
  if (packet.data === undefined) return String(code);
  return typeof packet.data === 'string' ? `${code}${packet.data}` : undefined; // binary: not used by this widget
}

export function addWire(state: NsState, id: number): NsState {
  if (state.wires.some((w) => w.id === id)) return state;
  return { ...state, wires: [...state.wires, { id, nsps: [] }] };
}

/**
 * A wire whose session was open before we started watching it: its sid comes from the engine, not a packet, and
 * so do the namespaces already connected over it (their CONNECT packets went by before we looked).
 */
export function wireSession(state: NsState, wireId: number, sid: string, connected: string[] = []): NsState {
  const withWire = addWire(state, wireId);
  const wires = withWire.wires.map((w) => {
    if (w.id !== wireId) return w;
    const nsps = [...w.nsps, ...connected.filter((n) => !w.nsps.includes(n))];
    return { ...w, sid: w.sid ?? sid, nsps };
  });
  return { ...withWire, wires };
}

/** The wire's namespaces after a packet: a DISCONNECT (either way) means the namespace no longer rides it. */
function carried(nsps: string[], nsp: string | undefined, socketType: NsRow['socketType']): string[] {
  if (!nsp) return nsps;
  if (socketType === 'DISCONNECT') return nsps.filter((n) => n !== nsp);
  return nsps.includes(nsp) ? nsps : [...nsps, nsp];
}

export function packetOnWire(
  state: NsState,
  wireId: number,
  dir: 'in' | 'out',
  packet: { type: string; data?: unknown },
): NsState {
  const raw = engineText(packet);
  if (raw === undefined) return state;
  const p = layered(raw);
  const nsp = p.socket && p.socket.type !== 'invalid' ? p.socket.nsp : undefined;
  const row: NsRow = {
    seq: state.nextSeq,
    wire: wireId,
    dir,
    raw,
    engineType: p.engine.type,
    socketType: p.socket?.type,
    nsp,
    summary: p.summary,
  };
  const withWire = addWire(state, wireId);
  const wires = withWire.wires.map((w) => {
    if (w.id !== wireId) return w;
    const sid = p.engine.type === 'open' && p.engine.open ? p.engine.open.sid : w.sid;
    return { ...w, sid, nsps: carried(w.nsps, nsp, p.socket?.type) };
  });
  return { wires, rows: [...state.rows, row].slice(-MAX_ROWS), nextSeq: state.nextSeq + 1 };
}

/** The Engine.IO session that carried a namespace's packets (the latest wire that did). */
export function sidOf(state: NsState, nsp: string): string | undefined {
  const wire = [...state.wires].reverse().find((w) => w.nsps.includes(nsp));
  return wire?.sid;
}

/** How many different Engine.IO sessions the given namespaces used. */
export function distinctSessions(state: NsState, nsps: string[]): number {
  return new Set(nsps.map((n) => sidOf(state, n)).filter(Boolean)).size;
}

export function describeWire(w: Wire): string {
  const carries = w.nsps.length ? w.nsps.join(', ') : 'nothing yet';
  return `Connection ${w.id} (Engine.IO sid ${w.sid ?? '…'}) carries ${carries}`;
}
