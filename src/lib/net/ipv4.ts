// IPv4 header (RFC 791 §3.1), without options when encoding.
import { bitField, byteField, hexValue, readU16, writeU16, concatBytes, shiftFields } from './fields.ts';
import type { Encoded, Field } from './fields.ts';
import { ipv4HeaderChecksum } from './checksum.ts';
import { formatIpv4, parseIpv4 } from './address.ts';

export const IP_PROTOCOLS: Record<number, string> = { 1: 'ICMP', 6: 'TCP', 17: 'UDP' };

export type Ipv4Input = {
  src: string;
  dst: string;
  protocol: number;
  payload: Uint8Array;
  payloadFields?: readonly Field[];
  ttl?: number;
  identification?: number;
  dontFragment?: boolean;
  moreFragments?: boolean;
  /** In 8-byte units, as on the wire. */
  fragmentOffset?: number;
  dscp?: number;
  ecn?: number;
  illustrative?: { identification?: boolean; ttl?: boolean };
};

export function requireIpv4(text: string): Uint8Array {
  const b = parseIpv4(text);
  if (!b) throw new Error(`not an IPv4 address: ${text}`);
  return b;
}

/** Fields of a 20-byte-or-longer header, relative to the header start; status set from checksum verification. */
export function ipv4HeaderFields(h: Uint8Array, illustrative: Ipv4Input['illustrative'] = {}): Field[] {
  const ihl = h[0] & 0x0f;
  const totalLength = readU16(h, 2);
  const id = readU16(h, 4);
  const flagsFrag = readU16(h, 6);
  const fragOffset = flagsFrag & 0x1fff;
  const stored = readU16(h, 10);
  const computed = ipv4HeaderChecksum(h.subarray(0, ihl * 4));
  const ok = stored === computed;
  const proto = h[9];
  const fields: Field[] = [
    bitField('ipv4', 'Version', 0, 4, String(h[0] >> 4), 'Always 4 for IPv4.'),
    bitField(
      'ipv4',
      'IHL (header length)',
      4,
      4,
      `${ihl} (${ihl * 4} bytes)`,
      'Header length in 32-bit words; 5 means a 20-byte header with no options.',
    ),
    bitField(
      'ipv4',
      'DSCP',
      8,
      6,
      String(h[1] >> 2),
      'Differentiated Services code point for quality-of-service queuing (RFC 2474); 0 is ordinary best effort.',
    ),
    bitField(
      'ipv4',
      'ECN',
      14,
      2,
      String(h[1] & 3),
      'Explicit Congestion Notification bits (RFC 3168); 0 means the sender does not use ECN.',
    ),
    byteField(
      'ipv4',
      'Total length',
      2,
      2,
      `${totalLength} bytes`,
      'Length of this packet, header plus data, in bytes.',
    ),
    byteField(
      'ipv4',
      'Identification',
      4,
      2,
      `${hexValue(id, 4)} (${id})`,
      'Labels the datagram so a receiver can match up its fragments.',
      { illustrative: illustrative.identification },
    ),
    bitField('ipv4', 'Reserved flag', 48, 1, String(flagsFrag >> 15), 'Reserved; must be zero.'),
    bitField(
      'ipv4',
      "Don't Fragment (DF)",
      49,
      1,
      String((flagsFrag >> 14) & 1),
      'When set, routers must drop the packet instead of splitting it; used for path MTU discovery.',
    ),
    bitField(
      'ipv4',
      'More Fragments (MF)',
      50,
      1,
      String((flagsFrag >> 13) & 1),
      'When set, more fragments of the same datagram follow this one.',
    ),
    bitField(
      'ipv4',
      'Fragment offset',
      51,
      13,
      `${fragOffset} (${fragOffset * 8} bytes)`,
      "Where this fragment's data sits in the original datagram, counted in 8-byte units.",
    ),
    byteField(
      'ipv4',
      'Time to live',
      8,
      1,
      String(h[8]),
      'Each router subtracts one and drops the packet at zero, so loops cannot last forever.',
      { illustrative: illustrative.ttl },
    ),
    byteField(
      'ipv4',
      'Protocol',
      9,
      1,
      `${proto} (${IP_PROTOCOLS[proto] ?? 'unknown'})`,
      'Says which protocol the data holds: 6 is TCP, 17 is UDP.',
    ),
    byteField(
      'ipv4',
      'Header checksum',
      10,
      2,
      hexValue(stored, 4),
      ok
        ? `Internet checksum of the header only; recomputed ${hexValue(computed, 4)}, which matches.`
        : `Internet checksum of the header only; recomputed ${hexValue(computed, 4)}, which does not match.`,
      { status: ok ? 'ok' : 'bad' },
    ),
    byteField('ipv4', 'Source address', 12, 4, formatIpv4(h, 12), 'The IPv4 address of the sender.'),
    byteField('ipv4', 'Destination address', 16, 4, formatIpv4(h, 16), 'The IPv4 address of the final receiver.'),
  ];
  if (ihl > 5 && h.length >= ihl * 4) {
    fields.push(
      byteField(
        'ipv4',
        'Options',
        20,
        ihl * 4 - 20,
        `${ihl * 4 - 20} bytes`,
        'Rarely used IP options such as record-route; shown undecoded here.',
      ),
    );
  }
  return fields;
}

/** Builds an IPv4 packet with a correct header checksum (RFC 791 §3.1). */
export function encodeIpv4(input: Ipv4Input): Encoded {
  const src = requireIpv4(input.src);
  const dst = requireIpv4(input.dst);
  const totalLength = 20 + input.payload.length;
  if (totalLength > 0xffff) throw new Error(`an IPv4 packet holds at most 65535 bytes, this one needs ${totalLength}`);
  const h = new Uint8Array(20);
  h[0] = 0x45;
  h[1] = ((input.dscp ?? 0) << 2) | ((input.ecn ?? 0) & 3);
  writeU16(h, 2, totalLength);
  writeU16(h, 4, input.identification ?? 0);
  const flags = ((input.dontFragment ?? true) ? 0x4000 : 0) | (input.moreFragments ? 0x2000 : 0);
  writeU16(h, 6, flags | ((input.fragmentOffset ?? 0) & 0x1fff));
  h[8] = input.ttl ?? 64;
  h[9] = input.protocol;
  h.set(src, 12);
  h.set(dst, 16);
  writeU16(h, 10, ipv4HeaderChecksum(h));
  return {
    bytes: concatBytes(h, input.payload),
    fields: [...ipv4HeaderFields(h, input.illustrative), ...shiftFields(input.payloadFields ?? [], 20)],
  };
}
