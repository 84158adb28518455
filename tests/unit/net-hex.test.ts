import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHex, formatHexRows, formatHexDump } from '../../src/lib/net/hex.ts';
import { hexBytes } from '../../src/lib/net/fields.ts';

function ok(text: string): string {
  const r = parseHex(text);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return hexBytes(r.bytes);
}

test('accepts spaced, packed, 0x-prefixed and comma-separated hex', () => {
  assert.equal(ok('45 00 00 3c'), '45 00 00 3c');
  assert.equal(ok('4500003c'), '45 00 00 3c');
  assert.equal(ok('0x45, 0x00,0x00 0x3C'), '45 00 00 3c');
  assert.equal(ok('4500 003c\n  1c46\t4000\n'), '45 00 00 3c 1c 46 40 00');
});

test('reads Wireshark hex dumps and ignores the ASCII column', () => {
  const dump = [
    '0000  45 00 00 3c 1c 46 40 00  40 06 b1 e6 ac 10 00 0c   E..<.F@.@.......',
    '0010  ac 10 00 0d                                        ....',
  ].join('\n');
  assert.equal(ok(dump), '45 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 00 0c ac 10 00 0d');
});

test('reads xxd dumps, including an ASCII column that looks like hex', () => {
  const dump = [
    '00000000: 4500 003c 1c46 4000 4006 b1e6 ac10 000c  E..<.F@.@.......',
    '00000010: 6465 6164                                dead',
  ].join('\n');
  assert.equal(ok(dump), '45 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 00 0c 64 65 61 64');
});

test('reads tcpdump -X dumps', () => {
  const dump = [
    '\t0x0000:  4500 003c 1c46 4000 4006 b1e6 ac10 000c  E..<.F@.@.......',
    '\t0x0010:  ac10 000d                                ....',
  ].join('\n');
  assert.equal(ok(dump), '45 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 00 0c ac 10 00 0d');
});

test('reads tcpdump -X output with its summary line: lines that are not dump lines are skipped', () => {
  const dump = [
    '12:34:56.789012 IP 172.16.0.12.50000 > 172.16.0.13.80: Flags [S], seq 1, win 64240, length 0',
    '\t0x0000:  4500 003c 1c46 4000 4006 b1e6 ac10 000c  E..<.F@.@.......',
    '\t0x0010:  ac10 000d                                ....',
  ].join('\n');
  assert.equal(ok(dump), '45 00 00 3c 1c 46 40 00 40 06 b1 e6 ac 10 00 0c ac 10 00 0d');
});

test('plain hex with a stray word still fails with its position (only dumps skip lines)', () => {
  const r = parseHex('45 00\nhello 00 3c');
  assert.equal(r.ok, false);
});

test('formatHexDump output parses back to the same bytes', () => {
  const bytes = new Uint8Array(40).map((_, i) => (i * 37) & 0xff);
  const r = parseHex(formatHexDump(bytes));
  assert.ok(r.ok);
  assert.deepEqual(r.bytes, bytes);
});

test('errors give the position and what was expected', () => {
  const bad = parseHex('45 00\n00 3g');
  assert.equal(bad.ok, false);
  assert.equal(
    bad.ok ? '' : bad.error,
    'character 11 (line 2, column 5): expected a hex digit (0-9, a-f) or a space, found "g"',
  );
  const odd = parseHex('45 0');
  assert.equal(
    odd.ok ? '' : odd.error,
    'character 4 (line 1, column 4): "0" has an odd number of hex digits; each byte needs exactly two',
  );
  assert.equal(parseHex('   ').ok, false);
});

test('formatHexRows gives offset, hex cells and ASCII', () => {
  const rows = formatHexRows(new TextEncoder().encode('GET / HTTP/1.1\r\nHost'), 16);
  assert.equal(rows.length, 2);
  assert.equal(rows[0].offsetText, '0000');
  assert.equal(rows[0].ascii, 'GET / HTTP/1.1..');
  assert.equal(rows[1].offsetText, '0010');
  assert.deepEqual(rows[1].hex, ['48', '6f', '73', '74']);
});
