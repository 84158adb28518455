// Byte fields for a Socket.IO packet, so the byte widgets (packet dissector, down the stack, hex view) can
// explain every byte. The packet itself is read by the one codec in socketio.ts; this file only names its parts.
import { byteField } from '../net/fields.ts';
import type { Encoded, Field } from '../net/fields.ts';
import { parseSocketPacket, socketIoEventText } from './socketio.ts';
import type { SocketIoEventInput, SocketPacket } from './socketio.ts';

const enc = new TextEncoder();
// Fatal, so byte offsets computed from the text always match the bytes (WebSocket text is UTF-8 anyway).
const dec = new TextDecoder('utf-8', { fatal: true });

export type ByteRange = { byteOffset: number; byteLength: number };

export type SocketIoDissection =
  { ok: true; packet: SocketPacket; fields: Field[]; dataRange: ByteRange } | { ok: false; error: string };

/** JSON of each array element exactly as JSON.stringify writes it inside an array (undefined becomes null). */
function elementJson(values: readonly unknown[]): string[] {
  return values.map((v) => JSON.stringify([v]).slice(1, -1));
}

/** Fields for the JSON array "[a,b,…]" starting at byte `at`; one field if it is not a compact array. */
function dataFields(json: string, at: number, value: unknown): Field[] {
  const whole = enc.encode(json).length;
  if (Array.isArray(value) && value.length > 0) {
    const parts = elementJson(value);
    if ('[' + parts.join(',') + ']' === json) {
      const fields: Field[] = [
        byteField('socketio', 'Array start', at, 1, '[', 'The event name and arguments travel as one JSON array.'),
      ];
      let pos = at + 1;
      parts.forEach((p, i) => {
        const n = enc.encode(p).length;
        fields.push(
          i === 0
            ? byteField(
                'socketio',
                'Event name',
                pos,
                n,
                p,
                "The first array element is the event name the receiver's handler listens for.",
              )
            : byteField(
                'socketio',
                `Argument ${i}`,
                pos,
                n,
                p,
                `Argument ${i} of the emit, serialised with JSON.stringify.`,
              ),
        );
        pos += n;
        const sep = i < parts.length - 1;
        fields.push(
          byteField(
            'socketio',
            sep ? 'Separator' : 'Array end',
            pos,
            1,
            sep ? ',' : ']',
            sep ? 'JSON comma between array elements.' : 'Closes the JSON array.',
          ),
        );
        pos += 1;
      });
      return fields;
    }
  }
  const shown = json.length > 80 ? json.slice(0, 80) + '…' : json;
  return [byteField('socketio', 'Data', at, whole, shown, 'The packet data as JSON.')];
}

/** Decodes a text Socket.IO packet (UTF-8 bytes) and names every byte; fields are relative to `bytes`. Never throws. */
export function dissectSocketPacket(bytes: Uint8Array): SocketIoDissection {
  let text: string;
  try {
    text = dec.decode(bytes);
  } catch {
    return { ok: false, error: 'the Socket.IO packet is not valid UTF-8 text' };
  }
  const parsed = parseSocketPacket(text);
  if (!('packet' in parsed)) return { ok: false, error: parsed.error };
  const { packet, spans } = parsed;
  const at = (index: number) => enc.encode(text.slice(0, index)).length;
  const fields: Field[] = [
    byteField(
      'socketio',
      'Socket.IO packet type',
      0,
      1,
      `${packet.typeCode} (${packet.type})`,
      packet.type === 'EVENT' ? 'EVENT: an emit() with an event name and arguments.' : `Packet type ${packet.type}.`,
    ),
  ];
  if (spans.attachments) {
    const { start, end } = spans.attachments;
    fields.push(
      byteField(
        'socketio',
        'Attachment count',
        at(start),
        at(end) - at(start),
        String(packet.attachments),
        'How many binary attachments follow as separate messages.',
      ),
    );
  }
  if (spans.namespace) {
    const { start, end } = spans.namespace;
    fields.push(
      byteField(
        'socketio',
        'Namespace',
        at(start),
        at(end) - at(start),
        packet.nsp,
        'The namespace the packet belongs to; the default "/" is left out.',
      ),
    );
  }
  if (spans.namespaceSeparator !== undefined) {
    fields.push(
      byteField('socketio', 'Namespace separator', at(spans.namespaceSeparator), 1, ',', 'Ends the namespace.'),
    );
  }
  if (spans.id) {
    const { start, end } = spans.id;
    fields.push(
      byteField(
        'socketio',
        'Acknowledgement id',
        at(start),
        at(end) - at(start),
        String(packet.id),
        'Asks the receiver to call back; the reply ACK packet carries the same id.',
      ),
    );
  }
  const dataStart = spans.data ? at(spans.data.start) : bytes.length;
  if (spans.data) fields.push(...dataFields(text.slice(spans.data.start), dataStart, packet.data));
  return { ok: true, packet, fields, dataRange: { byteOffset: dataStart, byteLength: bytes.length - dataStart } };
}

/** Encodes an EVENT packet for emit(event, ...args), with optional namespace and acknowledgement id. */
export function encodeSocketIoEvent(input: SocketIoEventInput): Encoded & { text: string; dataRange: ByteRange } {
  const text = socketIoEventText(input);
  const bytes = enc.encode(text);
  const decoded = dissectSocketPacket(bytes);
  if (!decoded.ok) throw new Error(decoded.error);
  return { text, bytes, fields: decoded.fields, dataRange: decoded.dataRange };
}
