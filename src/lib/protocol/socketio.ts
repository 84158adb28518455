// Socket.IO protocol v5 codec (the packet inside an Engine.IO "message"): types, encode, decode, describe.
// The one codec: byte widgets build their fields on it (socketio-fields.ts), decoders read packets with it.
// Spec: https://github.com/socketio/socket.io-protocol (v5), format
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON payload>]
// Behaviour mirrors socket.io-parser 4.2 Decoder.decodeString and isPayloadValid
// (node_modules/socket.io-parser/build/esm/index.js); deviations are noted inline.

import type { DecodedEnginePacket } from './engineio.ts';
import { RECORD_SEPARATOR, decodeEnginePacket, describeEnginePacket } from './engineio.ts';

export type SocketPacketType =
  'CONNECT' | 'DISCONNECT' | 'EVENT' | 'ACK' | 'CONNECT_ERROR' | 'BINARY_EVENT' | 'BINARY_ACK';

export type SocketTypeCode = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface SocketPacket {
  type: SocketPacketType;
  typeCode: SocketTypeCode;
  /** Namespace; "/" when the packet names none. */
  nsp: string;
  /** Ack id: the sender wants an ACK with this id (EVENT), or this answers it (ACK). */
  id?: number;
  /** The parsed JSON payload, as sent. */
  data?: unknown;
  /** BINARY_*: how many binary frames follow this packet. */
  attachments?: number;
  /** EVENT / BINARY_EVENT: the event name (first array element). */
  event?: string | number;
  /** EVENT: the arguments after the name. ACK: the answered values. */
  args?: unknown[];
}

export interface InvalidSocketPacket {
  type: 'invalid';
  error: string;
}

export type DecodedSocketPacket = SocketPacket | InvalidSocketPacket;

// Index = type code, as in the spec's packet type table.
export const SOCKET_PACKET_TYPES: readonly SocketPacketType[] = [
  'CONNECT',
  'DISCONNECT',
  'EVENT',
  'ACK',
  'CONNECT_ERROR',
  'BINARY_EVENT',
  'BINARY_ACK',
];

/** socket.io-parser refuses more attachments than this by default (maxAttachments). */
export const MAX_ATTACHMENTS = 10;

// Names the parser refuses as events and socket.io-client refuses to emit: the library fires them itself.
export const RESERVED_EVENTS: readonly string[] = [
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'newListener',
  'removeListener',
];

function isPlainObject(v: unknown): boolean {
  return Object.prototype.toString.call(v) === '[object Object]';
}

function bad(error: string): InvalidSocketPacket {
  return { type: 'invalid', error };
}

// Same rules as socket.io-parser's Decoder.isPayloadValid, with reasons spelled out.
// Deviation: the parser skips the check when the payload is missing (so "2" passes as an
// EVENT with no name); we apply it, because the spec gives these types a payload.
function payloadError(type: SocketPacketType, payload: unknown, present: boolean): string | null {
  switch (type) {
    case 'CONNECT':
      return !present || isPlainObject(payload)
        ? null
        : 'CONNECT payload must be a JSON object (auth data or {"sid":...})';
    case 'DISCONNECT':
      return present ? 'DISCONNECT carries no payload' : null;
    case 'CONNECT_ERROR':
      return typeof payload === 'string' || isPlainObject(payload)
        ? null
        : 'CONNECT_ERROR payload must be a JSON object like {"message":"..."} or a string';
    case 'EVENT':
    case 'BINARY_EVENT': {
      if (!Array.isArray(payload) || payload.length === 0) {
        return `${type} payload must be a non-empty JSON array: [eventName, ...args]`;
      }
      const name: unknown = payload[0];
      if (typeof name === 'number') return null;
      if (typeof name !== 'string') return `${type} name (first array element) must be a string or a number`;
      if (RESERVED_EVENTS.includes(name)) return `event name ${JSON.stringify(name)} is reserved by Socket.IO`;
      return null;
    }
    case 'ACK':
    case 'BINARY_ACK':
      return Array.isArray(payload) ? null : `${type} payload must be a JSON array of answered values`;
  }
}

/** Where each part of a packet sits in its text (UTF-16 indices, end exclusive), for byte-level views. */
export interface SocketPacketSpans {
  /** The attachment count and its "-". */
  attachments?: { start: number; end: number };
  namespace?: { start: number; end: number };
  /** The "," that ends the namespace, when present. */
  namespaceSeparator?: number;
  id?: { start: number; end: number };
  /** The JSON payload, when present. */
  data?: { start: number; end: number };
}

export type ParsedSocketPacket = { packet: SocketPacket; spans: SocketPacketSpans } | InvalidSocketPacket;

/** Decode one Socket.IO v5 packet string. Never throws. */
export function decodeSocketPacket(text: string): DecodedSocketPacket {
  const r = parseSocketPacket(text);
  return 'packet' in r ? r.packet : r;
}

/** decodeSocketPacket, plus where each part sits in the text. Never throws. */
export function parseSocketPacket(text: string): ParsedSocketPacket {
  if (typeof text !== 'string') return bad('expected the packet as a string');
  // Deviation: socket.io-parser reads "" as CONNECT (Number("") is 0); we refuse it.
  if (text === '') return bad('empty packet: a packet starts with a type digit 0-6');
  const code = '0123456'.indexOf(text.charAt(0));
  if (code < 0) {
    return bad(`unknown packet type ${JSON.stringify(text.charAt(0))}: v5 types are 0 (CONNECT) to 6 (BINARY_ACK)`);
  }
  const type = SOCKET_PACKET_TYPES[code];
  const p: SocketPacket = { type, typeCode: code as SocketTypeCode, nsp: '/' };
  const spans: SocketPacketSpans = {};
  let i = 1;

  if (type === 'BINARY_EVENT' || type === 'BINARY_ACK') {
    const dash = text.indexOf('-', i);
    if (dash < 0) return bad(`${type} must give its attachment count followed by "-" (e.g. "${code}1-")`);
    const count = text.slice(i, dash);
    if (!/^[0-9]+$/.test(count)) return bad(`attachment count ${JSON.stringify(count)} is not a whole number`);
    const n = Number(count);
    if (n < 1) return bad(`${type} needs at least 1 attachment, got ${n}`);
    if (n > MAX_ATTACHMENTS) return bad(`too many attachments: ${n} (the server accepts at most ${MAX_ATTACHMENTS})`);
    p.attachments = n;
    spans.attachments = { start: i, end: dash + 1 };
    i = dash + 1;
  }

  // A namespace starts with "/" and runs to "," (or to the end of the packet).
  if (text.charAt(i) === '/') {
    const comma = text.indexOf(',', i);
    const end = comma < 0 ? text.length : comma;
    p.nsp = text.slice(i, end);
    spans.namespace = { start: i, end };
    if (comma >= 0) spans.namespaceSeparator = comma;
    i = comma < 0 ? end : comma + 1;
  }

  // The ack id is the run of digits right before the payload.
  const digits = /^[0-9]+/.exec(text.slice(i));
  if (digits) {
    p.id = Number(digits[0]);
    if (!Number.isSafeInteger(p.id)) return bad(`ack id ${digits[0]} is too large`);
    spans.id = { start: i, end: i + digits[0].length };
    i += digits[0].length;
  }
  // Deviation: the parser accepts an ACK with no id, but it can answer nothing (spec: "3<id>[...]").
  if ((type === 'ACK' || type === 'BINARY_ACK') && p.id === undefined) {
    return bad(`${type} must carry the ack id of the event it answers`);
  }

  const rest = text.slice(i);
  let payload: unknown;
  if (rest !== '') {
    try {
      payload = JSON.parse(rest);
    } catch (e) {
      return bad(`payload is not valid JSON (${(e as Error).message}): ${JSON.stringify(rest.slice(0, 40))}`);
    }
    spans.data = { start: i, end: text.length };
  }
  const err = payloadError(type, payload, rest !== '');
  if (err) return bad(err);
  if (rest !== '') p.data = payload;
  if (Array.isArray(payload)) {
    if (type === 'EVENT' || type === 'BINARY_EVENT') {
      p.event = payload[0] as string | number;
      p.args = payload.slice(1);
    } else if (type === 'ACK' || type === 'BINARY_ACK') {
      p.args = payload;
    }
  }
  return { packet: p, spans };
}

export type SocketIoEventInput = { event: string; args?: readonly unknown[]; namespace?: string; ackId?: number };

function hasBinary(v: unknown, depth = 0): boolean {
  if (depth > 50 || v === null || typeof v !== 'object') return false;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return true;
  if (Array.isArray(v)) return v.some((x) => hasBinary(x, depth + 1));
  return Object.values(v).some((x) => hasBinary(x, depth + 1));
}

/**
 * The exact text socket.io-client sends for emit(event, ...args), as socket.io-parser's encodeAsString
 * writes it. Throws for inputs the real client would not send as text.
 */
export function socketIoEventText(input: SocketIoEventInput): string {
  const args = input.args ?? [];
  if (RESERVED_EVENTS.includes(input.event)) {
    throw new Error(`"${input.event}" is a reserved event name; socket.io-client refuses to emit it`);
  }
  if (hasBinary(args)) {
    throw new Error(
      'binary arguments are sent as a BINARY_EVENT with separate attachments, which this model does not cover',
    );
  }
  const nsp = input.namespace && input.namespace !== '/' ? input.namespace + ',' : '';
  const id = input.ackId !== undefined ? String(input.ackId) : '';
  return '2' + nsp + id + JSON.stringify([input.event, ...args]);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function errorMessage(data: unknown): string {
  if (typeof data === 'string') return data;
  if (isPlainObject(data) && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message;
  }
  return 'no reason given';
}

/** One plain sentence a learner can read next to the raw packet. */
export function describeSocketPacket(p: DecodedSocketPacket): string {
  if (p.type === 'invalid') return `invalid: ${p.error}`;
  const ns = `namespace ${p.nsp}`;
  switch (p.type) {
    case 'CONNECT': {
      const sid = isPlainObject(p.data) ? (p.data as { sid?: unknown }).sid : undefined;
      if (typeof sid === 'string') {
        return `CONNECT ${ns}: the server accepts the client into the namespace and names its socket ${JSON.stringify(sid)}`;
      }
      return p.data === undefined
        ? `CONNECT ${ns}: the client asks to join the namespace`
        : `CONNECT ${ns}: the client asks to join the namespace, sending auth data ${JSON.stringify(p.data)}`;
    }
    case 'DISCONNECT':
      return `DISCONNECT ${ns}: this side leaves the namespace; the connection stays open for other namespaces`;
    case 'CONNECT_ERROR':
      return `CONNECT_ERROR ${ns}: the server refuses to let the client join (${errorMessage(p.data)})`;
    case 'EVENT':
    case 'BINARY_EVENT': {
      const head = `${p.type} ${JSON.stringify(p.event).replace(/^"(.*)"$/, "'$1'")} in ${ns}`;
      const bin =
        p.type === 'BINARY_EVENT'
          ? `; ${plural(p.attachments ?? 0, 'binary attachment')} follow${p.attachments === 1 ? 's' : ''} as separate frames`
          : '';
      return p.id === undefined
        ? `${head} with ${plural(p.args?.length ?? 0, 'argument')}${bin}: no ack id, so no answer is expected`
        : `${head} with ack id ${p.id}${bin}: the receiver must answer with ACK ${p.id}`;
    }
    case 'ACK':
    case 'BINARY_ACK': {
      const bin = p.type === 'BINARY_ACK' ? ` and ${plural(p.attachments ?? 0, 'binary attachment')}` : '';
      return `${p.type} ${p.id} in ${ns}: answers the event sent with ack id ${p.id}, carrying ${plural(p.args?.length ?? 0, 'value')}${bin}`;
    }
  }
}

export interface LayeredPacket {
  /** The raw frame, as given. */
  raw: string | Uint8Array | ArrayBuffer;
  engine: DecodedEnginePacket;
  /** Present when the Engine.IO packet is a text message (the Socket.IO layer). */
  socket?: DecodedSocketPacket;
  /** Both layers in one line, for the "decoded" column. */
  summary: string;
}

/**
 * Decode both layers of one frame: Engine.IO outside, Socket.IO inside a text message
 * (e.g. '42["chat","hi"]' = Engine.IO message "4" + Socket.IO EVENT '2["chat","hi"]').
 * A binary message is a Socket.IO attachment, not a packet, so it has no socket layer.
 */
export function layered(raw: string | Uint8Array | ArrayBuffer): LayeredPacket {
  const engine = decodeEnginePacket(raw);
  const out: LayeredPacket = { raw, engine, summary: '' };
  if (engine.type === 'message' && typeof engine.data === 'string') {
    out.socket = decodeSocketPacket(engine.data);
    out.summary = `Engine.IO message → Socket.IO ${describeSocketPacket(out.socket)}`;
  } else if (engine.type === 'message' && engine.data === undefined) {
    out.socket = bad('the Engine.IO message is empty, so there is no Socket.IO packet inside');
    out.summary = `Engine.IO message → Socket.IO ${describeSocketPacket(out.socket)}`;
  } else if (engine.type === 'message') {
    out.summary = `Engine.IO message → Socket.IO binary attachment of ${plural((engine.data as Uint8Array).length, 'byte')}`;
  } else if (engine.type === 'invalid') {
    out.summary = `Engine.IO invalid: ${engine.error}`;
  } else {
    out.summary = `Engine.IO ${describeEnginePacket(engine)} (Engine.IO housekeeping, no Socket.IO packet inside)`;
  }
  return out;
}

/** layered() for each packet of a long-polling body (v4 separator \x1e), raw text kept per row. */
export function layeredPollingPayload(body: string): LayeredPacket[] {
  if (typeof body !== 'string') return [layered(body)];
  return body.split(RECORD_SEPARATOR).map((part) => layered(part));
}
