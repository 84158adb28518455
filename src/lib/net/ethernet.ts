// Ethernet II framing (IEEE 802.3 with an EtherType, RFC 894 for IPv4).
import { byteField, hexValue, writeU16, concatBytes, shiftFields } from './fields.ts';
import type { Encoded, Field } from './fields.ts';
import { formatMac, parseMac } from './address.ts';

export const ETHERTYPES: Record<number, string> = {
  0x0800: 'IPv4',
  0x0806: 'ARP',
  0x86dd: 'IPv6',
  0x8100: '802.1Q VLAN',
};
export const ETHERNET_HEADER_BYTES = 14;
/** Smallest frame without the 4-byte FCS; shorter frames are padded (IEEE 802.3 §3.2.8). */
export const ETHERNET_MIN_FRAME_BYTES = 60;

export type EthernetInput = {
  dst: string;
  src: string;
  etherType?: number;
  payload: Uint8Array;
  payloadFields?: readonly Field[];
  illustrative?: boolean;
};

export function macDescription(mac: Uint8Array, offset: number): string {
  const first = mac[offset];
  const parts: string[] = [];
  if (first & 1) parts.push('group (multicast/broadcast)');
  if (first & 2) parts.push('locally administered');
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The 14-byte header fields, relative to the frame start. */
export function ethernetHeaderFields(frame: Uint8Array, illustrative = false): Field[] {
  const et = (frame[12] << 8) | frame[13];
  const extra = { illustrative };
  return [
    byteField(
      'ethernet',
      'Destination MAC',
      0,
      6,
      formatMac(frame, 0) + macDescription(frame, 0),
      'The hardware address of the next hop on this link, usually your router, not the final server.',
      extra,
    ),
    byteField(
      'ethernet',
      'Source MAC',
      6,
      6,
      formatMac(frame, 6) + macDescription(frame, 6),
      'The hardware address of the network card that sent this frame.',
      extra,
    ),
    byteField(
      'ethernet',
      'EtherType',
      12,
      2,
      `${hexValue(et, 4)} (${ETHERTYPES[et] ?? 'unknown'})`,
      'Says which protocol the payload holds; the 4-byte frame check sequence sent after the payload is not shown because captures usually omit it.',
    ),
  ];
}

/** Builds an Ethernet II frame, padding short payloads to the 60-byte minimum. */
export function encodeEthernet(input: EthernetInput): Encoded {
  const dst = parseMac(input.dst);
  const src = parseMac(input.src);
  if (!dst || !src) throw new Error(`not a MAC address: ${dst ? input.src : input.dst}`);
  const header = new Uint8Array(ETHERNET_HEADER_BYTES);
  header.set(dst, 0);
  header.set(src, 6);
  writeU16(header, 12, input.etherType ?? 0x0800);
  const padLength = Math.max(0, ETHERNET_MIN_FRAME_BYTES - ETHERNET_HEADER_BYTES - input.payload.length);
  const bytes = concatBytes(header, input.payload, new Uint8Array(padLength));
  const fields = [
    ...ethernetHeaderFields(bytes, input.illustrative),
    ...shiftFields(input.payloadFields ?? [], ETHERNET_HEADER_BYTES),
  ];
  if (padLength > 0) fields.push(paddingField(ETHERNET_HEADER_BYTES + input.payload.length, padLength));
  return { bytes, fields };
}

export function paddingField(byteOffset: number, byteLength: number): Field {
  return byteField(
    'ethernet',
    'Padding',
    byteOffset,
    byteLength,
    `${byteLength} bytes`,
    "Filler that brings a short frame up to Ethernet's 60-byte minimum; the IP header's length field tells the receiver to ignore it.",
  );
}
