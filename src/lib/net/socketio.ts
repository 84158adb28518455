// Socket.IO protocol v5 packet encoding as text, matching socket.io-parser's
// encodeAsString: <type>[<attachments>-][<namespace>,][<ack id>][<JSON data>].
import { byteField } from './fields.ts';
import type { Encoded, Field } from './fields.ts';

export const SOCKET_IO_TYPES = ['CONNECT', 'DISCONNECT', 'EVENT', 'ACK', 'CONNECT_ERROR', 'BINARY_EVENT', 'BINARY_ACK'] as const;

/** Names socket.io-client refuses to emit because the library uses them itself. */
export const RESERVED_EVENTS = ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener'];

export type SocketIoEventInput = { event: string; args?: readonly unknown[]; namespace?: string; ackId?: number };

const enc = new TextEncoder();
const dec = new TextDecoder();

function hasBinary(v: unknown, depth = 0): boolean {
  if (depth > 50 || v === null || typeof v !== 'object') return false;
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return true;
  if (Array.isArray(v)) return v.some((x) => hasBinary(x, depth + 1));
  return Object.values(v).some((x) => hasBinary(x, depth + 1));
}

/** JSON of each array element exactly as JSON.stringify writes it inside an array (undefined becomes null). */
function elementJson(values: readonly unknown[]): string[] {
  return values.map((v) => JSON.stringify([v]).slice(1, -1));
}

/** Fields for the JSON array "[a,b,…]" starting at byte `at`; falls back to one field if it is not a compact array. */
function dataFields(json: string, at: number, value: unknown): Field[] {
  const whole = enc.encode(json).length;
  if (Array.isArray(value) && value.length > 0) {
    const parts = elementJson(value);
    if ('[' + parts.join(',') + ']' === json) {
      const fields: Field[] = [byteField('socketio', 'Array start', at, 1, '[', 'The event name and arguments travel as one JSON array.')];
      let pos = at + 1;
      parts.forEach((p, i) => {
        const n = enc.encode(p).length;
        fields.push(i === 0
          ? byteField('socketio', 'Event name', pos, n, p, 'The first array element is the event name the receiver\'s handler listens for.')
          : byteField('socketio', `Argument ${i}`, pos, n, p, `Argument ${i} of the emit, serialised with JSON.stringify.`));
        pos += n;
        const sep = i < parts.length - 1;
        fields.push(byteField('socketio', sep ? 'Separator' : 'Array end', pos, 1, sep ? ',' : ']', sep ? 'JSON comma between array elements.' : 'Closes the JSON array.'));
        pos += 1;
      });
      return fields;
    }
  }
  return [byteField('socketio', 'Data', at, whole, json.length > 80 ? json.slice(0, 80) + '…' : json, 'The packet data as JSON.')];
}

/** The exact text socket.io-client sends for emit(event, ...args). Throws for inputs the real client would not send as text. */
export function socketIoEventText(input: SocketIoEventInput): string {
  const args = input.args ?? [];
  if (RESERVED_EVENTS.includes(input.event)) throw new Error(`"${input.event}" is a reserved event name; socket.io-client refuses to emit it`);
  if (hasBinary(args)) throw new Error('binary arguments are sent as a BINARY_EVENT with separate attachments, which this model does not cover');
  const nsp = input.namespace && input.namespace !== '/' ? input.namespace + ',' : '';
  const id = input.ackId !== undefined ? String(input.ackId) : '';
  return '2' + nsp + id + JSON.stringify([input.event, ...args]);
}

/** Encodes an EVENT packet for emit(event, ...args), with optional namespace and acknowledgement id. */
export function encodeSocketIoEvent(input: SocketIoEventInput): Encoded & { text: string; dataRange: { byteOffset: number; byteLength: number } } {
  const text = socketIoEventText(input);
  const bytes = enc.encode(text);
  const decoded = decodeSocketIoPacket(bytes);
  if (!decoded.ok) throw new Error(decoded.error);
  return { text, bytes, fields: decoded.fields, dataRange: decoded.dataRange };
}

export type SocketIoPacket = {
  type: number;
  typeName: string;
  attachments?: number;
  namespace: string;
  ackId?: number;
  data?: unknown;
};

export type SocketIoDecodeResult =
  | { ok: true; packet: SocketIoPacket; fields: Field[]; dataRange: { byteOffset: number; byteLength: number } }
  | { ok: false; offset: number; error: string };

/** Parses a text Socket.IO packet (UTF-8 bytes); fields are relative to `bytes`. Never throws. */
export function decodeSocketIoPacket(bytes: Uint8Array): SocketIoDecodeResult {
  if (bytes.length === 0) return { ok: false, offset: 0, error: 'byte 0: empty Socket.IO packet' };
  const type = bytes[0] - 0x30;
  if (type < 0 || type > 6) return { ok: false, offset: 0, error: `byte 0: expected a Socket.IO packet type digit 0-6, found ${JSON.stringify(String.fromCharCode(bytes[0]))}` };
  const fields: Field[] = [byteField('socketio', 'Socket.IO packet type', 0, 1, `${type} (${SOCKET_IO_TYPES[type]})`,
    type === 2 ? 'EVENT: an emit() with an event name and arguments.' : `Packet type ${SOCKET_IO_TYPES[type]}.`)];
  const packet: SocketIoPacket = { type, typeName: SOCKET_IO_TYPES[type], namespace: '/' };
  let i = 1;
  const isDigit = (b: number) => b >= 0x30 && b <= 0x39;
  if (type === 5 || type === 6) {
    const start = i;
    while (i < bytes.length && isDigit(bytes[i])) i++;
    if (i === start || bytes[i] !== 0x2d) return { ok: false, offset: i, error: `byte ${i}: expected an attachment count followed by "-"` };
    packet.attachments = Number(dec.decode(bytes.subarray(start, i)));
    fields.push(byteField('socketio', 'Attachment count', start, i - start + 1, String(packet.attachments), 'How many binary attachments follow as separate messages.'));
    i++;
  }
  if (bytes[i] === 0x2f) {
    const start = i;
    while (i < bytes.length && bytes[i] !== 0x2c) i++;
    packet.namespace = dec.decode(bytes.subarray(start, i));
    fields.push(byteField('socketio', 'Namespace', start, i - start, packet.namespace, 'The namespace the packet belongs to; the default "/" is left out.'));
    if (i < bytes.length) {
      fields.push(byteField('socketio', 'Namespace separator', i, 1, ',', 'Ends the namespace.'));
      i++;
    }
  }
  if (i < bytes.length && isDigit(bytes[i])) {
    const start = i;
    while (i < bytes.length && isDigit(bytes[i])) i++;
    packet.ackId = Number(dec.decode(bytes.subarray(start, i)));
    fields.push(byteField('socketio', 'Acknowledgement id', start, i - start, String(packet.ackId), 'Asks the receiver to call back; the reply ACK packet carries the same id.'));
  }
  const dataRange = { byteOffset: i, byteLength: bytes.length - i };
  if (i < bytes.length) {
    const json = dec.decode(bytes.subarray(i));
    try {
      packet.data = JSON.parse(json);
    } catch {
      return { ok: false, offset: i, error: `byte ${i}: Socket.IO packet data is not valid JSON` };
    }
    fields.push(...dataFields(json, i, packet.data));
  }
  return { ok: true, packet, fields, dataRange };
}
