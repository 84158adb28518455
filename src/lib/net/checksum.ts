// The internet checksum (RFC 1071) and the IPv4 pseudo-header sums that
// TCP (RFC 9293 §3.1) and UDP (RFC 768) put in front of their segments.

/** 16-bit one's complement sum of big-endian words; an odd trailing byte is padded with zero (RFC 1071 §4.1). */
export function onesComplementSum(data: Uint8Array, initial = 0): number {
  let sum = initial;
  const even = data.length - (data.length % 2);
  for (let i = 0; i < even; i += 2) sum += (data[i] << 8) | data[i + 1];
  if (data.length % 2 === 1) sum += data[data.length - 1] << 8;
  // End-around carry: fold the high bits back in until 16 bits remain (RFC 1071 §2(B)).
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** The checksum itself: the one's complement of the one's complement sum. */
export function internetChecksum(data: Uint8Array, initial = 0): number {
  return ~onesComplementSum(data, initial) & 0xffff;
}

function withZeroedWord(data: Uint8Array, offset: number): Uint8Array {
  const copy = data.slice();
  if (offset + 1 < copy.length) {
    copy[offset] = 0;
    copy[offset + 1] = 0;
  }
  return copy;
}

/** RFC 791 §3.1: checksum of the header alone, computed with the checksum field (bytes 10-11) as zero. */
export function ipv4HeaderChecksum(header: Uint8Array): number {
  return internetChecksum(withZeroedWord(header, 10));
}

/** Sum of the 12-byte IPv4 pseudo-header: source, destination, zero, protocol, transport length. */
export function pseudoHeaderSum(src: Uint8Array, dst: Uint8Array, protocol: number, length: number): number {
  const p = new Uint8Array(12);
  p.set(src.subarray(0, 4), 0);
  p.set(dst.subarray(0, 4), 4);
  p[9] = protocol;
  p[10] = (length >>> 8) & 0xff;
  p[11] = length & 0xff;
  return onesComplementSum(p);
}

/** RFC 9293 §3.1: TCP checksum over pseudo-header + header + data, checksum field (bytes 16-17) as zero. */
export function tcpChecksum(src: Uint8Array, dst: Uint8Array, segment: Uint8Array): number {
  return internetChecksum(withZeroedWord(segment, 16), pseudoHeaderSum(src, dst, 6, segment.length));
}

/**
 * RFC 768: UDP checksum over pseudo-header + datagram, checksum field (bytes 6-7) as zero.
 * A computed 0 is sent as 0xffff because 0 on the wire means "no checksum".
 */
export function udpChecksum(src: Uint8Array, dst: Uint8Array, datagram: Uint8Array): number {
  const c = internetChecksum(withZeroedWord(datagram, 6), pseudoHeaderSum(src, dst, 17, datagram.length));
  return c === 0 ? 0xffff : c;
}

/** True when data that already contains its checksum sums to all ones, the receiver's test (RFC 1071 §1). */
export function verifiesToAllOnes(data: Uint8Array, initial = 0): boolean {
  return onesComplementSum(data, initial) === 0xffff;
}
