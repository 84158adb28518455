import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  internetChecksum,
  onesComplementSum,
  ipv4HeaderChecksum,
  tcpChecksum,
  udpChecksum,
  verifiesToAllOnes,
  pseudoHeaderSum,
} from '../../src/lib/net/checksum.ts';
import { parseHex } from '../../src/lib/net/hex.ts';

function bytes(text: string): Uint8Array {
  const r = parseHex(text);
  if (!r.ok) throw new Error(r.error);
  return r.bytes;
}

test('RFC 1071 §3 example: sum 0xddf2, checksum 0x220d', () => {
  const data = bytes('00 01 f2 03 f4 f5 f6 f7');
  assert.equal(onesComplementSum(data), 0xddf2);
  assert.equal(internetChecksum(data), 0x220d);
});

test('odd length is padded with a zero byte', () => {
  assert.equal(onesComplementSum(bytes('00 01 f2')), 0x01 + 0xf200);
  assert.equal(internetChecksum(bytes('ff')), 0x00ff);
});

test('a widely published IPv4 header (Wikipedia "IPv4 header checksum"): 0xb861', () => {
  const h = bytes('45 00 00 73 00 00 40 00 40 11 b8 61 c0 a8 00 01 c0 a8 00 c7');
  assert.equal(ipv4HeaderChecksum(h), 0xb861);
  assert.ok(verifiesToAllOnes(h));
});

test('TCP checksum over the pseudo-header (hand-verified SYN sample)', () => {
  const seg = bytes(
    'c9 3a 00 50 5e 2e 1f 00 00 00 00 00 a0 02 fa f0 98 c2 00 00 02 04 05 b4 04 02 08 0a 88 7f e6 b8 00 00 00 00 01 03 03 07',
  );
  const src = bytes('c0 00 02 0a');
  const dst = bytes('cb 00 71 50');
  assert.equal(tcpChecksum(src, dst, seg), 0x98c2);
  assert.ok(verifiesToAllOnes(seg, pseudoHeaderSum(src, dst, 6, seg.length)));
});

test('UDP checksum over the pseudo-header (hand-verified DNS sample)', () => {
  const dg = bytes(
    'cf db 00 35 00 25 59 87 1a 2b 01 00 00 01 00 00 00 00 00 00 07 65 78 61 6d 70 6c 65 03 63 6f 6d 00 00 01 00 01',
  );
  assert.equal(udpChecksum(bytes('c0 00 02 0a'), bytes('c6 33 64 35'), dg), 0x5987);
});

test('UDP sends a computed zero checksum as 0xffff (RFC 768)', () => {
  // Choose data so the sum is 0xffff: pseudo-header plus header words, then a balancing word.
  const src = bytes('00 00 00 00');
  const dst = bytes('00 00 00 00');
  const dg = new Uint8Array(10);
  dg[5] = 10; // length
  const partial = onesComplementSum(dg, pseudoHeaderSum(src, dst, 17, 10));
  const fill = 0xffff - partial;
  dg[8] = fill >> 8;
  dg[9] = fill & 0xff;
  assert.equal(udpChecksum(src, dst, dg), 0xffff);
});
