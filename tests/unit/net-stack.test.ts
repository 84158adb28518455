import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildStack } from '../../src/lib/net/down-the-stack.ts';
import type { StackInput } from '../../src/lib/net/down-the-stack.ts';
import { dissect, allFields } from '../../src/lib/net/dissect.ts';
import { uncoveredBits, overlappingFields, fieldsOutOfRange } from '../../src/lib/net/fields.ts';
import type { Field } from '../../src/lib/net/fields.ts';
import { decodeWsFrame } from '../../src/lib/net/websocket-frame.ts';
import { socketIoEventText } from '../../src/lib/protocol/socketio.ts';

const base: StackInput = {
  event: 'chat',
  args: ['hi'],
  client: { address: '192.0.2.10', port: 51520 },
  server: { address: '203.0.113.80', port: 3000 },
};

function assertCovered(bytes: Uint8Array, fields: Field[]): void {
  assert.deepEqual(uncoveredBits(bytes.length, fields), []);
  assert.deepEqual(
    overlappingFields(fields).map(([a, b]) => `${a.name}/${b.name}`),
    [],
  );
  assert.deepEqual(fieldsOutOfRange(bytes.length, fields), []);
}

test('steps run from Socket.IO text out to the Ethernet frame', () => {
  const r = buildStack(base);
  assert.deepEqual(
    r.steps.map((s) => s.id),
    ['socketio', 'engineio', 'websocket', 'tcp', 'ipv4', 'ethernet'],
  );
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  assert.equal(text(r.steps[0].bytes), '2["chat","hi"]');
  assert.equal(text(r.steps[1].bytes), '42["chat","hi"]');
  assert.deepEqual(r.steps[5].bytes, r.frame);
  // Each unit sits exactly in the payload range of the next one out.
  for (let i = 1; i < r.steps.length; i++) {
    const outer = r.steps[i];
    const inner = r.steps[i - 1];
    assert.equal(outer.payloadRange.byteLength, inner.bytes.length);
    if (inner.id !== 'engineio')
      assert.deepEqual(
        outer.bytes.subarray(
          outer.payloadRange.byteOffset,
          outer.payloadRange.byteOffset + outer.payloadRange.byteLength,
        ),
        inner.bytes,
      );
  }
  assert.equal(r.steps[2].bytes[1] & 0x80, 0x80, 'client frames are masked');
  assert.equal(r.steps[3].bytes[13], 0x18, 'PSH+ACK');
  assert.equal(r.steps[4].bytes[6] & 0x40, 0x40, 'DF set');
  assert.equal(r.ipv6, false);
});

test('the frame dissects back to the same event with verified checksums and full coverage', () => {
  for (const input of [
    base,
    { ...base, event: 'move', args: [{ x: 1, y: 2 }, 'ünïcode'], namespace: '/game', ackId: 3, seed: 42 },
  ]) {
    const r = buildStack(input);
    assertCovered(r.frame, r.fields);
    const d = dissect(r.frame, { start: 'ethernet' });
    assert.deepEqual(d.errors, []);
    assert.deepEqual(
      d.layers.map((l) => l.id),
      ['ethernet', 'ipv4', 'tcp', 'websocket', 'engineio', 'socketio'],
    );
    const fields = allFields(d);
    assertCovered(r.frame, fields);
    assert.equal(fields.find((f) => f.name === 'Header checksum')?.status, 'ok');
    assert.equal(fields.find((f) => f.layer === 'tcp' && f.name === 'Checksum')?.status, 'ok');
    const ws = d.layers.find((l) => l.id === 'websocket');
    assert.ok(ws);
    const sioText = new TextDecoder().decode(r.steps[0].bytes);
    const frame = decodeWsFrame(r.frame.subarray(ws.byteOffset, ws.byteOffset + ws.byteLength));
    assert.ok(frame.ok);
    assert.equal(
      new TextDecoder().decode(frame.frame.payload),
      '4' + sioText,
      'unmasked payload is the Engine.IO packet',
    );
    assert.equal(sioText, socketIoEventText(input));
    assert.equal(fields.find((f) => f.name === 'Event name')?.value, JSON.stringify(input.event));
    // The dissector's field boundaries agree with the builder's.
    const key = (f: Field) => `${f.layer}:${f.name}@${f.bitOffset}+${f.bitLength}`;
    assert.deepEqual(fields.map(key).sort(), r.fields.map(key).sort(), sioText);
  }
});

test('unobservable values are illustrative and deterministic per seed', () => {
  const a = buildStack({ ...base, seed: 7 });
  const b = buildStack({ ...base, seed: 7 });
  const c = buildStack({ ...base, seed: 8 });
  assert.deepEqual(a.frame, b.frame);
  assert.notDeepEqual(a.frame, c.frame);
  const illustrative = new Set(a.fields.filter((f) => f.illustrative).map((f) => f.name));
  for (const name of [
    'Sequence number',
    'Acknowledgment number',
    'Identification',
    'Masking key',
    'Source MAC',
    'Destination MAC',
    'Window',
    'Time to live',
  ]) {
    assert.ok(illustrative.has(name), name);
  }
  assert.ok(!illustrative.has('Source port'));
  const fixed = buildStack({
    ...base,
    illustrative: {
      seq: 1000,
      ack: 2000,
      ipId: 0x1234,
      maskKey: new Uint8Array([1, 2, 3, 4]),
      ttl: 128,
      window: 1024,
      srcMac: '02:aa:bb:cc:dd:ee',
    },
  });
  const d = allFields(dissect(fixed.frame));
  assert.equal(d.find((f) => f.name === 'Sequence number')?.value, '1000');
  assert.equal(d.find((f) => f.name === 'Masking key')?.value, '01 02 03 04');
  assert.equal(d.find((f) => f.name === 'Time to live')?.value, '128');
  assert.match(d.find((f) => f.name === 'Source MAC')?.value ?? '', /^02:aa:bb:cc:dd:ee/);
});

test('IPv4-mapped addresses become IPv4; true IPv6 is flagged and illustrated with 127.0.0.1', () => {
  const mapped = buildStack({
    ...base,
    client: { address: '::ffff:127.0.0.1', port: 50000 },
    server: { address: '::ffff:127.0.0.1', port: 3000 },
  });
  assert.equal(mapped.ipv6, false);
  assert.deepEqual(mapped.addresses, { client: '127.0.0.1', server: '127.0.0.1' });
  assert.ok(mapped.notes.some((n) => n.includes('IPv4-mapped')));
  assert.ok(mapped.notes.some((n) => n.includes('loopback')));
  const v6 = buildStack({ ...base, client: { address: '::1', port: 50000 }, server: { address: '::1', port: 3000 } });
  assert.equal(v6.ipv6, true);
  assert.deepEqual(v6.addresses, { client: '127.0.0.1', server: '127.0.0.1' });
  assert.ok(v6.notes.some((n) => n.includes('127.0.0.1')));
  assert.deepEqual(dissect(v6.frame).errors, []);
  assert.throws(() => buildStack({ ...base, client: { address: 'localhost', port: 1 } }), /not an IP address/);
});

test('a long message uses the 16-bit WebSocket length and still dissects fully', () => {
  const r = buildStack({ ...base, args: ['x'.repeat(2000)] });
  assert.equal(r.steps[2].bytes[1], 0x80 | 126);
  assert.ok(r.notes.some((n) => n.includes('several segments')));
  const d = dissect(r.frame);
  assert.deepEqual(d.errors, []);
  assertCovered(r.frame, allFields(d));
  assert.throws(() => buildStack({ ...base, args: ['x'.repeat(70000)] }), /at most 65535 bytes/);
});
