// Byte fields for Engine.IO packets, so the byte widgets can explain every byte. Over the WebSocket transport
// each packet is one WebSocket message, so no record separator (\x1e, used only by HTTP long-polling) appears.
import { byteField } from '../net/fields.ts';
import type { Encoded, Field } from '../net/fields.ts';
import { ENGINE_PACKET_TYPES } from './engineio.ts';

// Index = type code, as ENGINE_PACKET_TYPES.
const TYPE_DESCRIPTIONS = [
  'Sent by the server with the session id and timing settings.',
  'Asks to close the transport.',
  'Heartbeat sent by the server; the client must answer with pong.',
  'Heartbeat answer from the client.',
  'Carries one application message; for Socket.IO that is a Socket.IO packet.',
  'Switches the session from long-polling to this transport.',
  'Does nothing; used to flush a pending long-poll during upgrade.',
];

export function engineIoTypeField(type: number): Field {
  const name = ENGINE_PACKET_TYPES[type] ?? 'unknown';
  const description = TYPE_DESCRIPTIONS[type] ?? 'Not a valid Engine.IO packet type.';
  return byteField('engineio', 'Engine.IO packet type', 0, 1, `${type} (${name})`, description);
}

/** "4" + payload: the Engine.IO message packet wrapping a Socket.IO packet. */
export function encodeEngineIoMessage(
  payload: Uint8Array,
  payloadFields: readonly Field[] = [],
): Encoded & { text: string } {
  const bytes = new Uint8Array(1 + payload.length);
  bytes[0] = 0x34; // ASCII "4"
  bytes.set(payload, 1);
  return {
    bytes,
    text: new TextDecoder().decode(bytes),
    fields: [engineIoTypeField(4), ...payloadFields.map((f) => ({ ...f, bitOffset: f.bitOffset + 8 }))],
  };
}
