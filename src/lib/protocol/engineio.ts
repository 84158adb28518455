// Engine.IO protocol v4 codec for what a learner sees on the wire: types, decode, describe.
// The one codec: byte widgets build their fields on it (engineio-fields.ts), decoders read packets with it.
// Spec: https://github.com/socketio/engine.io-protocol (v4), mirrored by
// engine.io-parser 5.x (node_modules/engine.io-parser/build/esm/decodePacket.js).
// Pure: no DOM, no Buffer (atob/TextDecoder exist in browsers and Node 22).

export type EnginePacketType = 'open' | 'close' | 'ping' | 'pong' | 'message' | 'upgrade' | 'noop';

export type EngineTypeCode = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** The JSON body of the open packet (spec: "Handshake"). */
export interface OpenHandshake {
  sid: string;
  upgrades: string[];
  pingInterval: number;
  pingTimeout: number;
  /** Added in later v4 servers; older v4 servers omit it, so it is optional. */
  maxPayload?: number;
}

export interface EnginePacket {
  type: EnginePacketType;
  typeCode: EngineTypeCode;
  /** Text after the type digit, or the bytes of a binary message. Absent when empty. */
  data?: string | Uint8Array;
  /** True for binary messages (a raw WebSocket binary frame, or "b"+base64 in polling). */
  binary?: boolean;
  /** True for "2probe"/"3probe", the ping/pong pair that tests a WebSocket before upgrading. */
  probe?: boolean;
  /** Parsed handshake, only on open packets. */
  open?: OpenHandshake;
}

export interface InvalidEnginePacket {
  type: 'invalid';
  error: string;
}

export type DecodedEnginePacket = EnginePacket | InvalidEnginePacket;

// Index = type code, as in the spec's packet type table.
export const ENGINE_PACKET_TYPES: readonly EnginePacketType[] = [
  'open',
  'close',
  'ping',
  'pong',
  'message',
  'upgrade',
  'noop',
];

/** v4 joins the packets of one polling body with the ASCII record separator. */
export const RECORD_SEPARATOR = '\x1e';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isEnginePacket(p: DecodedEnginePacket): p is EnginePacket {
  return p.type !== 'invalid';
}

/** The type code of an Engine.IO text packet given as UTF-8 bytes; null if the first byte is not "0"-"6". */
export function engineIoPacketType(bytes: Uint8Array): EngineTypeCode | null {
  if (bytes.length < 1) return null;
  const t = bytes[0] - 0x30;
  return t >= 0 && t <= 6 ? (t as EngineTypeCode) : null;
}

function base64ToBytes(b64: string): Uint8Array | string {
  // Strict on purpose: Buffer.from(..., 'base64') silently drops junk, which would hide
  // the very mistake a learner pasted.
  if (!BASE64.test(b64)) {
    return 'binary message: text after "b" is not valid base64';
  }
  const bin = atob(b64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

function parseOpen(json: string): OpenHandshake | string {
  let v: unknown;
  try {
    v = JSON.parse(json);
  } catch (e) {
    return `open packet: handshake is not valid JSON (${(e as Error).message})`;
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    return 'open packet: handshake must be a JSON object';
  }
  const o = v as Record<string, unknown>;
  if (typeof o.sid !== 'string' || o.sid === '') {
    return 'open packet: "sid" must be a non-empty string';
  }
  if (!Array.isArray(o.upgrades) || !o.upgrades.every((u) => typeof u === 'string')) {
    return 'open packet: "upgrades" must be an array of strings';
  }
  for (const k of ['pingInterval', 'pingTimeout'] as const) {
    const n = o[k];
    if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
      return `open packet: "${k}" must be a non-negative number of milliseconds`;
    }
  }
  if (o.maxPayload !== undefined && (typeof o.maxPayload !== 'number' || o.maxPayload < 0)) {
    return 'open packet: "maxPayload" must be a non-negative number of bytes';
  }
  const h: OpenHandshake = {
    sid: o.sid,
    upgrades: o.upgrades as string[],
    pingInterval: o.pingInterval as number,
    pingTimeout: o.pingTimeout as number,
  };
  if (typeof o.maxPayload === 'number') h.maxPayload = o.maxPayload;
  return h;
}

/**
 * Decode one Engine.IO v4 packet. Bytes (Uint8Array, or the ArrayBuffer a browser WebSocket
 * with binaryType "arraybuffer" delivers) are a binary frame: in v4 that is a message whose
 * bytes are sent as-is, with no type prefix. Never throws.
 */
export function decodeEnginePacket(input: string | Uint8Array | ArrayBuffer): DecodedEnginePacket {
  if (input instanceof ArrayBuffer) input = new Uint8Array(input);
  if (input instanceof Uint8Array) {
    return { type: 'message', typeCode: 4, data: input, binary: true };
  }
  if (typeof input !== 'string') {
    return { type: 'invalid', error: 'expected a string or a Uint8Array' };
  }
  if (input === '') {
    return { type: 'invalid', error: 'empty packet: a packet starts with a type digit 0-6' };
  }
  const head = input.charAt(0);
  const rest = input.slice(1);
  if (head === 'b') {
    const bytes = base64ToBytes(rest);
    if (typeof bytes === 'string') return { type: 'invalid', error: bytes };
    return { type: 'message', typeCode: 4, data: bytes, binary: true };
  }
  const code = '0123456'.indexOf(head);
  if (code < 0) {
    return {
      type: 'invalid',
      error: `unknown packet type ${JSON.stringify(head)}: v4 types are 0 (open) to 6 (noop), or "b" for base64 binary`,
    };
  }
  const p: EnginePacket = {
    type: ENGINE_PACKET_TYPES[code],
    typeCode: code as EngineTypeCode,
  };
  if (rest !== '') p.data = rest;
  if (p.type === 'open') {
    const h = parseOpen(rest);
    if (typeof h === 'string') return { type: 'invalid', error: h };
    p.open = h;
  }
  if ((p.type === 'ping' || p.type === 'pong') && rest === 'probe') p.probe = true;
  return p;
}

/**
 * Split an HTTP long-polling body into packets (v4: separator \x1e, binary as "b"+base64).
 * Unlike engine.io-parser, which stops at the first bad packet, every piece is decoded
 * so a learner sees exactly which one is wrong.
 */
export function splitPollingPayload(body: string): DecodedEnginePacket[] {
  if (typeof body !== 'string') {
    return [{ type: 'invalid', error: 'a polling body is text' }];
  }
  const parts = body.split(RECORD_SEPARATOR);
  return parts.map((part, i) => {
    const p = decodeEnginePacket(part);
    if (p.type === 'invalid' && parts.length > 1) {
      return { type: 'invalid', error: `packet ${i + 1} of ${parts.length}: ${p.error}` };
    }
    return p;
  });
}

function preview(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? text.slice(0, max) + '…' : text);
}

/** One plain sentence a learner can read next to the raw packet. */
export function describeEnginePacket(p: DecodedEnginePacket): string {
  switch (p.type) {
    case 'invalid':
      return `invalid: ${p.error}`;
    case 'open': {
      const h = p.open;
      if (!h) return 'open: the server accepts the connection';
      const up = h.upgrades.length ? `may upgrade to ${h.upgrades.join(', ')}` : 'offers no upgrade';
      const max = h.maxPayload === undefined ? '' : `, and accepts at most ${h.maxPayload} bytes per polling request`;
      return `open: the server accepts the connection with session id ${JSON.stringify(h.sid)}, ${up}, pings every ${h.pingInterval} ms and waits ${h.pingTimeout} ms for the pong${max}`;
    }
    case 'close':
      return 'close: this side ends the Engine.IO session, so the transport can be closed';
    case 'ping':
      return p.probe
        ? 'ping probe: the client tests the new WebSocket before moving the session onto it'
        : 'ping: the server checks that this client is still alive; the client must answer with pong';
    case 'pong':
      return p.probe
        ? 'pong probe: the server confirms the WebSocket works, so the client can send upgrade'
        : "pong: answers the server's ping, so the server knows this client is alive";
    case 'message':
      if (p.data instanceof Uint8Array) {
        return `message: carries ${p.data.length} byte${p.data.length === 1 ? '' : 's'} of binary data (for Socket.IO, an attachment of the previous packet)`;
      }
      return p.data === undefined
        ? 'message: carries an empty application message'
        : `message: carries application data ${preview(p.data)} (with Socket.IO, this is a Socket.IO packet)`;
    case 'upgrade':
      return 'upgrade: the client switches this session from long-polling to the tested WebSocket';
    case 'noop':
      return 'noop: does nothing; the server uses it to close a pending long-polling request during an upgrade';
  }
}
