// TCP header (RFC 9293 §3.1) with options and the pseudo-header checksum.
import {
  bitField,
  byteField,
  hexValue,
  readU16,
  readU32,
  writeU16,
  writeU32,
  concatBytes,
  shiftFields,
} from './fields.ts';
import type { Encoded, Field } from './fields.ts';
import { tcpChecksum } from './checksum.ts';
import { requireIpv4 } from './ipv4.ts';
import { dissectTcpOptions, encodeTcpOptions } from './tcp-options.ts';
import type { TcpOption } from './tcp-options.ts';

export type { TcpOption } from './tcp-options.ts';

export type TcpFlags = {
  cwr?: boolean;
  ece?: boolean;
  urg?: boolean;
  ack?: boolean;
  psh?: boolean;
  rst?: boolean;
  syn?: boolean;
  fin?: boolean;
};

/** Flag bits in header byte 13, most significant first (RFC 9293 §3.1, RFC 3168 for CWR/ECE). */
const FLAG_BITS = [
  ['CWR', 'Congestion Window Reduced: the sender slowed down after an ECN signal (RFC 3168).'],
  ['ECE', 'ECN-Echo: reports congestion marks, or ECN support during the handshake (RFC 3168).'],
  ['URG', 'Urgent: the urgent pointer field is meaningful (rarely used).'],
  ['ACK', 'Acknowledgment: the acknowledgment number field is valid; set on every segment after the first SYN.'],
  ['PSH', 'Push: asks the receiver to hand the data to the application right away.'],
  ['RST', 'Reset: abort the connection.'],
  ['SYN', 'Synchronize: opens a connection and carries the initial sequence number.'],
  ['FIN', 'Finish: the sender has no more data to send.'],
] as const;

export function tcpFlagNames(byte: number): string {
  const names = FLAG_BITS.filter((_, i) => byte & (0x80 >> i)).map(([n]) => n);
  return names.length ? names.join('+') : 'none';
}

export type TcpInput = {
  src: string;
  dst: string;
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: TcpFlags;
  window: number;
  urgentPointer?: number;
  options?: readonly TcpOption[];
  payload?: Uint8Array;
  payloadFields?: readonly Field[];
  illustrative?: { seq?: boolean; ack?: boolean; window?: boolean; options?: boolean };
};

export type TcpChecksumCheck = { computed: number } | { unverifiable: string };

/** Header fields relative to the segment start (options included). */
export function tcpHeaderFields(
  s: Uint8Array,
  checksum: TcpChecksumCheck,
  illustrative: TcpInput['illustrative'] = {},
): { fields: Field[]; errors: Array<{ offset: number; message: string }> } {
  const dataOffset = s[12] >> 4;
  const stored = readU16(s, 16);
  let checksumField: Field;
  if ('computed' in checksum) {
    const ok = stored === checksum.computed;
    checksumField = byteField(
      'tcp',
      'Checksum',
      16,
      2,
      hexValue(stored, 4),
      `Internet checksum over an IPv4 pseudo-header, the TCP header and data; recomputed ${hexValue(checksum.computed, 4)}, which ${ok ? 'matches' : 'does not match (captures on the sending host often show this because the network card fills it in later)'}.`,
      { status: ok ? 'ok' : 'bad' },
    );
  } else {
    checksumField = byteField(
      'tcp',
      'Checksum',
      16,
      2,
      hexValue(stored, 4),
      `Internet checksum over an IPv4 pseudo-header, the TCP header and data; ${checksum.unverifiable}.`,
    );
  }
  const seq = readU32(s, 4);
  const ack = readU32(s, 8);
  const ackSet = (s[13] & 0x10) !== 0;
  const fields: Field[] = [
    byteField('tcp', 'Source port', 0, 2, String(readU16(s, 0)), "The sending program's port."),
    byteField(
      'tcp',
      'Destination port',
      2,
      2,
      String(readU16(s, 2)),
      'The port the receiving program listens on or was connected from.',
    ),
    byteField(
      'tcp',
      'Sequence number',
      4,
      4,
      String(seq),
      "Position of this segment's first data byte in the sender's byte stream (a SYN uses one number itself).",
      { illustrative: illustrative.seq },
    ),
    byteField(
      'tcp',
      'Acknowledgment number',
      8,
      4,
      String(ack),
      ackSet
        ? 'The next byte the sender expects from the peer, confirming everything before it.'
        : 'Ignored because the ACK flag is clear.',
      { illustrative: illustrative.ack },
    ),
    bitField(
      'tcp',
      'Data offset',
      96,
      4,
      `${dataOffset} (${dataOffset * 4} bytes)`,
      'Header length in 32-bit words, so the receiver knows where data starts.',
    ),
    bitField('tcp', 'Reserved', 100, 4, String(s[12] & 0x0f), 'Reserved for future use; must be zero.'),
  ];
  FLAG_BITS.forEach(([name, description], i) => {
    fields.push(bitField('tcp', `Flag ${name}`, 104 + i, 1, String((s[13] >> (7 - i)) & 1), description));
  });
  fields.push(
    byteField(
      'tcp',
      'Window',
      14,
      2,
      String(readU16(s, 14)),
      s[13] & 0x02
        ? "How many bytes the sender can receive; a SYN's window is never scaled (RFC 7323 §2.2)."
        : 'How many more bytes the sender is willing to receive, before any negotiated window-scale multiplier.',
      { illustrative: illustrative.window },
    ),
    checksumField,
    byteField(
      'tcp',
      'Urgent pointer',
      18,
      2,
      String(readU16(s, 18)),
      urgentPointerNote((s[13] & 0x20) !== 0, readU16(s, 18)),
    ),
  );
  const opts = dissectTcpOptions(s.subarray(20, Math.min(dataOffset * 4, s.length)), 20, illustrative.options);
  return { fields: [...fields, ...opts.fields], errors: opts.errors };
}

/** What the urgent pointer means in this segment: only read when URG is set (RFC 9293 §3.1). */
export function urgentPointerNote(urg: boolean, pointer: number): string {
  if (urg) {
    return (
      `URG is set: the urgent data ends just before the byte ${pointer} past this segment's sequence number ` +
      '(an offset from it, RFC 9293 §3.1).'
    );
  }
  return pointer === 0
    ? 'Only meaningful with the URG flag, which is clear; zero here.'
    : `Only meaningful with the URG flag, which is clear, so the receiver ignores this ${pointer}.`;
}

/** Builds a TCP segment with a correct checksum over the IPv4 pseudo-header. */
export function encodeTcp(input: TcpInput): Encoded & { headerLength: number } {
  const options = encodeTcpOptions(input.options ?? []);
  const headerLength = 20 + options.length;
  const h = new Uint8Array(headerLength);
  writeU16(h, 0, input.srcPort);
  writeU16(h, 2, input.dstPort);
  writeU32(h, 4, input.seq >>> 0);
  writeU32(h, 8, input.ack >>> 0);
  h[12] = (headerLength / 4) << 4;
  const f = input.flags;
  h[13] =
    (f.cwr ? 0x80 : 0) |
    (f.ece ? 0x40 : 0) |
    (f.urg ? 0x20 : 0) |
    (f.ack ? 0x10 : 0) |
    (f.psh ? 0x08 : 0) |
    (f.rst ? 0x04 : 0) |
    (f.syn ? 0x02 : 0) |
    (f.fin ? 0x01 : 0);
  writeU16(h, 14, input.window);
  writeU16(h, 18, input.urgentPointer ?? 0);
  h.set(options, 20);
  const payload = input.payload ?? new Uint8Array(0);
  const bytes = concatBytes(h, payload);
  const computed = tcpChecksum(requireIpv4(input.src), requireIpv4(input.dst), bytes);
  writeU16(bytes, 16, computed);
  const header = tcpHeaderFields(bytes, { computed }, input.illustrative);
  return { bytes, headerLength, fields: [...header.fields, ...shiftFields(input.payloadFields ?? [], headerLength)] };
}
