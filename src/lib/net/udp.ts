// UDP header (RFC 768): four 16-bit words in front of the data.
import { byteField, hexValue, readU16, writeU16, concatBytes, shiftFields } from './fields.ts';
import type { Encoded, Field } from './fields.ts';
import { udpChecksum } from './checksum.ts';
import { requireIpv4 } from './ipv4.ts';

export const UDP_HEADER_BYTES = 8;

export type UdpInput = {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  payload: Uint8Array;
  payloadFields?: readonly Field[];
};

/**
 * Header fields relative to the datagram start. `checksum` describes what the
 * caller could verify: a computed value, or a reason it cannot be checked.
 */
export function udpHeaderFields(d: Uint8Array, checksum: { computed: number } | { unverifiable: string }): Field[] {
  const stored = readU16(d, 6);
  let checksumField: Field;
  if (stored === 0) {
    checksumField = byteField(
      'udp',
      'Checksum',
      6,
      2,
      '0x0000 (none)',
      'Zero means the sender chose not to compute a checksum, which IPv4 allows.',
    );
  } else if ('computed' in checksum) {
    const ok = stored === checksum.computed;
    checksumField = byteField(
      'udp',
      'Checksum',
      6,
      2,
      hexValue(stored, 4),
      `Internet checksum over an IPv4 pseudo-header, this header and the data; recomputed ${hexValue(checksum.computed, 4)}, which ${ok ? 'matches' : 'does not match (captures on the sending host often show this because the network card fills it in later)'}.`,
      { status: ok ? 'ok' : 'bad' },
    );
  } else {
    checksumField = byteField(
      'udp',
      'Checksum',
      6,
      2,
      hexValue(stored, 4),
      `Internet checksum over an IPv4 pseudo-header, this header and the data; ${checksum.unverifiable}.`,
    );
  }
  return [
    byteField(
      'udp',
      'Source port',
      0,
      2,
      String(readU16(d, 0)),
      "The sending program's port, where replies should go.",
    ),
    byteField(
      'udp',
      'Destination port',
      2,
      2,
      String(readU16(d, 2)),
      'The port of the receiving program, e.g. 53 for DNS.',
    ),
    byteField('udp', 'Length', 4, 2, `${readU16(d, 4)} bytes`, 'Length of the UDP header plus data, in bytes.'),
    checksumField,
  ];
}

/** Builds a UDP datagram with its pseudo-header checksum. */
export function encodeUdp(input: UdpInput): Encoded {
  const length = UDP_HEADER_BYTES + input.payload.length;
  if (length > 0xffff) throw new Error(`a UDP datagram holds at most 65535 bytes, this one needs ${length}`);
  const h = new Uint8Array(UDP_HEADER_BYTES);
  writeU16(h, 0, input.srcPort);
  writeU16(h, 2, input.dstPort);
  writeU16(h, 4, length);
  const bytes = concatBytes(h, input.payload);
  const computed = udpChecksum(requireIpv4(input.src), requireIpv4(input.dst), bytes);
  writeU16(bytes, 6, computed);
  return {
    bytes,
    fields: [...udpHeaderFields(bytes, { computed }), ...shiftFields(input.payloadFields ?? [], UDP_HEADER_BYTES)],
  };
}
