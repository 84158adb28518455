import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodePacket, decodePayload, encodePayload } from 'engine.io-parser';
import {
  decodeEnginePacket,
  describeEnginePacket,
  engineIoPacketType,
  splitPollingPayload,
} from '../../src/lib/protocol/engineio.ts';
import { encodeEngineIoMessage } from '../../src/lib/protocol/engineio-fields.ts';
import { encodeSocketIoEvent } from '../../src/lib/protocol/socketio-fields.ts';
import { uncoveredBits } from '../../src/lib/net/fields.ts';

const OPEN =
  '0{"sid":"lv_VI97HAXpY6yYWAAAC","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

test('open packet: handshake JSON is decoded', () => {
  const p = decodeEnginePacket(OPEN);
  assert.equal(p.type, 'open');
  if (p.type !== 'open') return;
  assert.equal(p.typeCode, 0);
  assert.deepEqual(p.open, {
    sid: 'lv_VI97HAXpY6yYWAAAC',
    upgrades: ['websocket'],
    pingInterval: 25000,
    pingTimeout: 20000,
    maxPayload: 1000000,
  });
  assert.match(
    describeEnginePacket(p),
    /session id "lv_VI97HAXpY6yYWAAAC".*websocket.*25000 ms.*20000 ms.*1000000 bytes/,
  );
});

test('open packet without maxPayload (older v4 servers) is still valid', () => {
  const p = decodeEnginePacket('0{"sid":"x","upgrades":[],"pingInterval":1,"pingTimeout":2}');
  assert.equal(p.type, 'open');
  if (p.type === 'open') assert.equal(p.open?.maxPayload, undefined);
});

test('open packet with bad handshake gives a precise reason', () => {
  const cases: [string, RegExp][] = [
    ['0', /not valid JSON/],
    ['0{bad', /not valid JSON/],
    ['0[]', /must be a JSON object/],
    ['0{"upgrades":[],"pingInterval":1,"pingTimeout":2}', /"sid"/],
    ['0{"sid":"a","upgrades":"websocket","pingInterval":1,"pingTimeout":2}', /"upgrades"/],
    ['0{"sid":"a","upgrades":[],"pingInterval":"1","pingTimeout":2}', /"pingInterval"/],
    ['0{"sid":"a","upgrades":[],"pingInterval":1}', /"pingTimeout"/],
    ['0{"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":2,"maxPayload":-1}', /"maxPayload"/],
  ];
  for (const [raw, re] of cases) {
    const p = decodeEnginePacket(raw);
    assert.equal(p.type, 'invalid', raw);
    if (p.type === 'invalid') assert.match(p.error, re, raw);
  }
});

test('every type code 0-6 maps to its name', () => {
  const names = ['close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
  names.forEach((name, i) => {
    const p = decodeEnginePacket(String(i + 1));
    assert.equal(p.type, name);
    if (p.type !== 'invalid') {
      assert.equal(p.typeCode, i + 1);
      assert.equal(p.data, undefined);
    }
  });
});

test('probe variants are flagged and described', () => {
  const ping = decodeEnginePacket('2probe');
  const pong = decodeEnginePacket('3probe');
  assert.deepEqual(ping, { type: 'ping', typeCode: 2, data: 'probe', probe: true });
  assert.deepEqual(pong, { type: 'pong', typeCode: 3, data: 'probe', probe: true });
  assert.match(describeEnginePacket(ping), /^ping probe: /);
  assert.match(describeEnginePacket(pong), /^pong probe: /);
  assert.equal(
    describeEnginePacket(decodeEnginePacket('3')),
    "pong: answers the server's ping, so the server knows this client is alive",
  );
});

test('text message keeps its payload', () => {
  assert.deepEqual(decodeEnginePacket('42["chat","hi"]'), {
    type: 'message',
    typeCode: 4,
    data: '2["chat","hi"]',
  });
});

test('binary: raw WebSocket frame and base64 "b" form', () => {
  const bytes = new Uint8Array([1, 2, 3]);
  assert.deepEqual(decodeEnginePacket(bytes), { type: 'message', typeCode: 4, data: bytes, binary: true });
  assert.deepEqual(decodeEnginePacket('bAQID'), { type: 'message', typeCode: 4, data: bytes, binary: true });
  assert.deepEqual(decodeEnginePacket(bytes.buffer), { type: 'message', typeCode: 4, data: bytes, binary: true });
  assert.match(describeEnginePacket(decodeEnginePacket('bAQID')), /3 bytes of binary/);
  const bad = decodeEnginePacket('b!!!');
  assert.equal(bad.type, 'invalid');
});

test('garbage never throws and says why', () => {
  const inputs: unknown[] = ['', '7', 'x', '9abc', 'b@', null, 42, {}];
  for (const raw of inputs) {
    const p = decodeEnginePacket(raw as string);
    assert.equal(p.type, 'invalid', String(raw));
    if (p.type === 'invalid') assert.ok(p.error.length > 10);
  }
  const p = decodeEnginePacket('7');
  if (p.type === 'invalid') assert.match(p.error, /unknown packet type "7"/);
  assert.match(describeEnginePacket(p), /^invalid: /);
});

test('polling payload split on \\x1e, with base64 binary', () => {
  const ps = splitPollingPayload('4hello\x1ebAQID\x1e6');
  assert.equal(ps.length, 3);
  assert.deepEqual(ps[0], { type: 'message', typeCode: 4, data: 'hello' });
  assert.deepEqual(ps[1], { type: 'message', typeCode: 4, data: new Uint8Array([1, 2, 3]), binary: true });
  assert.deepEqual(ps[2], { type: 'noop', typeCode: 6 });
  const bad = splitPollingPayload('4ok\x1e9');
  assert.equal(bad[1].type, 'invalid');
  if (bad[1].type === 'invalid') assert.match(bad[1].error, /^packet 2 of 2: unknown packet type/);
});

test('oracle: agrees with engine.io-parser on valid and invalid packets', () => {
  const samples = [
    OPEN,
    '1',
    '2',
    '2probe',
    '3',
    '3probe',
    '4',
    '4hello',
    '5',
    '6',
    'bAQID',
    '7',
    'x',
    '4\u00e9\u{1f600}',
  ];
  for (const s of samples) {
    const mine = decodeEnginePacket(s);
    const ref = decodePacket(s, 'nodebuffer') as { type: string; data?: unknown };
    if (ref.type === 'error') {
      assert.equal(mine.type, 'invalid', s);
      continue;
    }
    assert.equal(mine.type, ref.type, s);
    if (mine.type === 'invalid') continue;
    if (ref.data instanceof Uint8Array)
      assert.deepEqual(new Uint8Array(mine.data as Uint8Array), new Uint8Array(ref.data));
    else assert.equal(mine.data, ref.data, s);
  }
});

test('oracle: decodes what engine.io-parser encodes as a polling payload', async () => {
  const packets = [
    { type: 'message' as const, data: 'hello' },
    { type: 'message' as const, data: Buffer.from([9, 8, 7]) },
    { type: 'ping' as const },
    { type: 'message' as const, data: '2["x",{"a":1}]' },
  ];
  const body = await new Promise<string>((r) => encodePayload(packets, r));
  const mine = splitPollingPayload(body);
  const ref = decodePayload(body);
  assert.equal(mine.length, ref.length);
  mine.forEach((p, i) => {
    if (p.type === 'invalid') return assert.fail(p.error);
    assert.equal(p.type, ref[i].type);
    if (p.data instanceof Uint8Array) assert.deepEqual([...p.data], [...(ref[i].data as Buffer)]);
    else assert.equal(p.data, ref[i].data);
  });
});

test('Engine.IO v4 message packet is "4" + the Socket.IO packet', () => {
  const sio = encodeSocketIoEvent({ event: 'chat', args: ['hi'] });
  const eio = encodeEngineIoMessage(sio.bytes, sio.fields);
  assert.equal(eio.text, '42["chat","hi"]');
  assert.deepEqual(uncoveredBits(eio.bytes.length, eio.fields), []);
  assert.equal(eio.fields[0].value, '4 (message)');
  assert.equal(engineIoPacketType(new TextEncoder().encode('2')), 2);
  assert.equal(engineIoPacketType(new TextEncoder().encode('x')), null);
});
