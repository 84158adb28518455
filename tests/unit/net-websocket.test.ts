import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeWsFrame, decodeWsFrame, applyMask } from '../../src/lib/net/websocket-frame.ts';
import { hexBytes, uncoveredBits, overlappingFields } from '../../src/lib/net/fields.ts';

const covered = (n: number, f: Parameters<typeof uncoveredBits>[1]) => {
  assert.deepEqual(uncoveredBits(n, f), []);
  assert.deepEqual(overlappingFields(f), []);
};

test('RFC 6455 §5.7: unmasked "Hello"', () => {
  const e = encodeWsFrame({ opcode: 1, payload: 'Hello' });
  assert.equal(hexBytes(e.bytes), '81 05 48 65 6c 6c 6f');
  covered(e.bytes.length, e.fields);
});

test('RFC 6455 §5.7: masked "Hello"', () => {
  const e = encodeWsFrame({ opcode: 1, payload: 'Hello', maskKey: new Uint8Array([0x37, 0xfa, 0x21, 0x3d]) });
  assert.equal(hexBytes(e.bytes), '81 85 37 fa 21 3d 7f 9f 4d 51 58');
  covered(e.bytes.length, e.fields);
  const d = decodeWsFrame(e.bytes);
  assert.ok(d.ok);
  assert.equal(new TextDecoder().decode(d.frame.payload), 'Hello');
  assert.equal(d.frame.masked, true);
});

test('RFC 6455 §5.7: 256-byte binary uses the 16-bit length form', () => {
  const e = encodeWsFrame({ opcode: 2, payload: new Uint8Array(256) });
  assert.equal(hexBytes(e.bytes.subarray(0, 4)), '82 7e 01 00');
  assert.equal(e.bytes.length, 260);
  covered(e.bytes.length, e.fields);
  const d = decodeWsFrame(e.bytes);
  assert.ok(d.ok && d.frame.payloadLength === 256);
});

test('RFC 6455 §5.7: 64 KiB binary uses the 64-bit length form', () => {
  const e = encodeWsFrame({ opcode: 2, payload: new Uint8Array(65536) });
  assert.equal(hexBytes(e.bytes.subarray(0, 10)), '82 7f 00 00 00 00 00 01 00 00');
  covered(e.bytes.length, e.fields);
  const d = decodeWsFrame(e.bytes);
  assert.ok(d.ok && d.frame.payloadLength === 65536);
});

test('length boundaries 125/126/65535 use the shortest form (§5.2)', () => {
  assert.equal(encodeWsFrame({ opcode: 2, payload: new Uint8Array(125) }).bytes[1], 125);
  assert.equal(encodeWsFrame({ opcode: 2, payload: new Uint8Array(126) }).bytes[1], 126);
  const e = encodeWsFrame({ opcode: 2, payload: new Uint8Array(65535) });
  assert.equal(hexBytes(e.bytes.subarray(1, 4)), '7e ff ff');
});

test('RFC 6455 §5.7: unmasked ping "Hello" and control frame limits', () => {
  assert.equal(hexBytes(encodeWsFrame({ opcode: 9, payload: 'Hello' }).bytes), '89 05 48 65 6c 6c 6f');
  assert.throws(() => encodeWsFrame({ opcode: 9, payload: new Uint8Array(126) }));
  assert.throws(() => encodeWsFrame({ opcode: 8, fin: false, payload: '' }));
});

test('RFC 6455 §5.7: fragmented unmasked text "Hel" + "lo"', () => {
  assert.equal(hexBytes(encodeWsFrame({ opcode: 1, fin: false, payload: 'Hel' }).bytes), '01 03 48 65 6c');
  assert.equal(hexBytes(encodeWsFrame({ opcode: 0, payload: 'lo' }).bytes), '80 02 6c 6f');
});

test('masking is its own inverse', () => {
  const key = new Uint8Array([1, 2, 3, 4]);
  const data = new TextEncoder().encode('round trip');
  assert.deepEqual(applyMask(applyMask(data, key), key), data);
});

test('decode reports truncation and reserved opcodes without throwing', () => {
  const short = decodeWsFrame(new Uint8Array([0x81, 0x85, 0x37]));
  assert.equal(short.ok, false);
  assert.match(short.ok ? '' : short.error, /needs 6 bytes, only 3 remain/);
  const bad = decodeWsFrame(new Uint8Array([0x83, 0x00]));
  assert.equal(bad.ok, false);
  assert.match(bad.ok ? '' : bad.error, /opcode 3 is reserved/);
  const partial = decodeWsFrame(new Uint8Array([0x81, 0x05, 0x48]));
  assert.match(partial.ok ? '' : partial.error, /payload needs 5 bytes, only 1 remain/);
});
