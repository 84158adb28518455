import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dissect, allFields } from '../../src/lib/net/dissect.ts';
import type { Dissection } from '../../src/lib/net/dissect.ts';
import { SAMPLES } from '../../src/lib/net/samples.ts';
import { uncoveredBits, overlappingFields, fieldsOutOfRange } from '../../src/lib/net/fields.ts';
import { udpChecksum } from '../../src/lib/net/checksum.ts';
import { encodeWsFrame } from '../../src/lib/net/websocket-frame.ts';

function assertFullyAnnotated(bytes: Uint8Array, d: Dissection, label: string): void {
  const fields = allFields(d);
  assert.deepEqual(uncoveredBits(bytes.length, fields), [], `${label}: uncovered bits`);
  assert.deepEqual(
    overlappingFields(fields).map(([a, b]) => `${a.name} / ${b.name}`),
    [],
    `${label}: overlapping fields`,
  );
  assert.deepEqual(fieldsOutOfRange(bytes.length, fields), [], `${label}: fields out of range`);
}

const layerIds = (d: Dissection) => d.layers.map((l) => l.id).join(' ');
const field = (d: Dissection, layer: string, name: string) =>
  allFields(d).find((f) => f.layer === layer && f.name === name);

for (const s of SAMPLES) {
  test(`sample ${s.id}: no errors, checksums ok, every bit annotated exactly once`, () => {
    const d = dissect(s.bytes, { start: s.start });
    assert.deepEqual(d.errors, []);
    assertFullyAnnotated(s.bytes, d, s.id);
    const checks = allFields(d).filter((f) => f.name.includes('hecksum'));
    assert.ok(checks.length >= 1);
    assert.deepEqual(
      allFields(d).filter((f) => f.status === 'bad'),
      [],
    );
    for (const c of checks)
      if (!c.description.includes('fragment')) assert.equal(c.status, 'ok', `${s.id} ${c.layer} checksum`);
    assert.deepEqual(dissect(s.bytes, { start: 'auto' }), d, 'auto-detection picks Ethernet');
  });
}

test('samples decode to the protocols they claim', () => {
  const by = Object.fromEntries(SAMPLES.map((s) => [s.id, dissect(s.bytes)]));
  assert.equal(layerIds(by['tcp-syn']), 'ethernet ipv4 tcp');
  assert.equal(field(by['tcp-syn'], 'tcp', 'Flag SYN')?.value, '1');
  assert.equal(field(by['tcp-syn'], 'tcp', 'Option: Maximum segment size')?.value, 'MSS 1460');
  assert.equal(layerIds(by['dns-query']), 'ethernet ipv4 udp dns');
  assert.equal(by['dns-query'].layers[3].title, 'DNS query example.com A');
  assert.equal(layerIds(by['http-get']), 'ethernet ipv4 tcp http');
  assert.equal(by['http-get'].layers[3].title, 'HTTP: GET / HTTP/1.1');
  assert.equal(layerIds(by['websocket-emit']), 'ethernet ipv4 tcp websocket engineio socketio');
  assert.equal(field(by['websocket-emit'], 'socketio', 'Event name')?.value, '"chat"');
  assert.equal(layerIds(by['ipv4-fragment']), 'ethernet ipv4 udp payload');
  assert.equal(field(by['ipv4-fragment'], 'ipv4', 'More Fragments (MF)')?.value, '1');
});

test("the fragment sample's UDP checksum verifies over the reassembled datagram", () => {
  const s = SAMPLES.find((x) => x.id === 'ipv4-fragment');
  assert.ok(s?.reassembledTransport);
  const d = dissect(s.bytes);
  const stored = field(d, 'udp', 'Checksum')?.value;
  const computed = udpChecksum(s.bytes.subarray(26, 30), s.bytes.subarray(30, 34), s.reassembledTransport);
  assert.equal(stored, '0x' + computed.toString(16).padStart(4, '0'));
  assert.deepEqual(s.reassembledTransport.subarray(0, 48), s.bytes.subarray(34));
  assert.equal(field(d, 'udp', 'Checksum')?.status, undefined);
});

test('a non-first fragment is not parsed as TCP/UDP', () => {
  const s = SAMPLES.find((x) => x.id === 'ipv4-fragment');
  assert.ok(s);
  const b = s.bytes.slice();
  b[20] = 0x00;
  b[21] = 0x06; // MF clear, offset 6 units = 48 bytes
  // Fix the header checksum so only the fragment logic is tested.
  b[24] = 0;
  b[25] = 0;
  let sum = 0;
  for (let i = 14; i < 34; i += 2) sum += (b[i] << 8) | b[i + 1];
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  const c = ~sum & 0xffff;
  b[24] = c >> 8;
  b[25] = c & 0xff;
  const d = dissect(b);
  assert.deepEqual(d.errors, []);
  assert.equal(layerIds(d), 'ethernet ipv4 payload');
  assert.match(d.layers[2].fields[0].description, /only in the first fragment/);
  assertFullyAnnotated(b, d, 'later fragment');
});

test('wrong version, truncation and garbage give byte-precise errors and never throw', () => {
  const syn = SAMPLES[0].bytes;
  const v6 = syn.slice();
  v6[14] = 0x65;
  const d1 = dissect(v6, { start: 'ethernet' });
  assert.deepEqual(d1.errors, [{ offset: 14, message: 'byte 14: expected IPv4 version 4, found 6' }]);
  assertFullyAnnotated(v6, d1, 'v6');

  // IPv4 header claims only 26 bytes so 6 TCP bytes remain.
  const cut = syn.slice(0, 40);
  cut[16] = 0;
  cut[17] = 26;
  const d2 = dissect(cut, { start: 'ethernet' });
  assert.ok(
    d2.errors.some((e) => e.message === 'byte 34: the TCP header needs 20 bytes, only 6 remain'),
    JSON.stringify(d2.errors),
  );
  assertFullyAnnotated(cut, d2, 'cut');

  const truncated = syn.slice(0, 30);
  const d3 = dissect(truncated, { start: 'ethernet' });
  assert.deepEqual(d3.errors, [{ offset: 14, message: 'byte 14: the IPv4 header needs 20 bytes, only 16 remain' }]);

  for (let n = 0; n < 200; n++) {
    const junk = new Uint8Array((n * 7) % 90).map((_, i) => (i * 131 + n * 17) & 0xff);
    for (const start of ['ethernet', 'ipv4', 'auto'] as const) {
      const d = dissect(junk, { start });
      assertFullyAnnotated(junk, d, `junk ${n} ${start}`);
      assert.ok(!d.errors.some((e) => e.message.includes('internal')), JSON.stringify(d.errors));
    }
  }
  for (let len = 0; len <= SAMPLES[3].bytes.length; len++) {
    const part = SAMPLES[3].bytes.subarray(0, len);
    const d = dissect(part, { start: 'ethernet' });
    assertFullyAnnotated(part, d, `prefix ${len}`);
    assert.ok(!d.errors.some((e) => e.message.includes('internal')), JSON.stringify(d.errors));
    if (len < SAMPLES[3].bytes.length) assert.ok(d.errors.length > 0, `prefix ${len} should report an error`);
  }
});

test('a corrupted checksum is flagged bad with the recomputed value', () => {
  const b = SAMPLES[0].bytes.slice();
  b[50] ^= 0xff; // TCP checksum high byte
  const d = dissect(b);
  const c = field(d, 'tcp', 'Checksum');
  assert.equal(c?.status, 'bad');
  assert.match(c?.description ?? '', /recomputed 0x98c2, which does not match/);
  assert.equal(field(d, 'ipv4', 'Header checksum')?.status, 'ok');
});

test('bare WebSocket frames dissect from start "websocket" and from auto-detection', () => {
  const f = encodeWsFrame({ opcode: 1, payload: 'Hello', maskKey: new Uint8Array([0x37, 0xfa, 0x21, 0x3d]) }).bytes;
  const d = dissect(f, { start: 'auto' });
  assert.equal(layerIds(d), 'websocket');
  assert.deepEqual(d.errors, []);
  assertFullyAnnotated(f, d, 'bare frame');
  assert.match(allFields(d).at(-1)?.description ?? '', /"Hello"/);
});

test('Ethernet padding after a short IPv4 packet is annotated', () => {
  const s = SAMPLES.find((x) => x.id === 'dns-query');
  assert.ok(s);
  const padded = new Uint8Array(s.bytes.length + 6);
  padded.set(s.bytes);
  const d = dissect(padded);
  assert.deepEqual(d.errors, []);
  assert.equal(field(d, 'ethernet', 'Padding')?.value, '6 bytes');
  assertFullyAnnotated(padded, d, 'padded');
});

test('raw IPv4 input (no Ethernet header) dissects from start "ipv4" and from auto-detection', () => {
  for (const s of SAMPLES) {
    const ip = s.bytes.subarray(14);
    const d = dissect(ip, { start: 'ipv4' });
    assert.deepEqual(d.errors, [], s.id);
    assert.equal(d.layers[0].id, 'ipv4');
    assertFullyAnnotated(ip, d, s.id);
    assert.deepEqual(dissect(ip), d);
  }
});

test('a truncated capture reports the missing bytes and does not call the TCP checksum bad', () => {
  const b = SAMPLES.find((x) => x.id === 'http-get')?.bytes.subarray(0, 100);
  assert.ok(b);
  const d = dissect(b);
  assert.ok(
    d.errors.some((e) => e.message === 'byte 16: IPv4 total length says 126 bytes, only 86 are present'),
    JSON.stringify(d.errors),
  );
  assert.equal(field(d, 'tcp', 'Checksum')?.status, undefined);
  assertFullyAnnotated(b, d, 'truncated http');
});

test('a malformed TCP option is reported at its absolute byte offset', () => {
  const b = SAMPLES[0].bytes.slice();
  b[55] = 30; // MSS option claims 30 bytes but only 20 option bytes exist
  const d = dissect(b);
  assert.ok(
    d.errors.some((e) => e.offset === 54 && e.message.startsWith('byte 54: TCP option kind 2 has a bad length 30')),
    JSON.stringify(d.errors),
  );
  assertFullyAnnotated(b, d, 'bad option');
});

test('the application can be forced to WebSocket', () => {
  const s = SAMPLES.find((x) => x.id === 'http-get');
  assert.ok(s);
  const d = dissect(s.bytes, { application: 'websocket' });
  assert.ok(d.errors.length > 0);
  assertFullyAnnotated(s.bytes, d, 'forced ws');
});
