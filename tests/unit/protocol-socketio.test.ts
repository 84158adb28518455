import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Decoder, Encoder, PacketType } from 'socket.io-parser';
import type { Packet } from 'socket.io-parser';
import {
  decodeSocketPacket,
  describeSocketPacket,
  layered,
  layeredPollingPayload,
  socketIoEventText,
} from '../../src/lib/protocol/socketio.ts';
import { dissectSocketPacket, encodeSocketIoEvent } from '../../src/lib/protocol/socketio-fields.ts';
import { uncoveredBits, overlappingFields } from '../../src/lib/net/fields.ts';

test('CONNECT: client request, server answer, custom namespace', () => {
  assert.deepEqual(decodeSocketPacket('0'), { type: 'CONNECT', typeCode: 0, nsp: '/' });
  assert.deepEqual(decodeSocketPacket('0/admin,{"token":"abc"}'), {
    type: 'CONNECT',
    typeCode: 0,
    nsp: '/admin',
    data: { token: 'abc' },
  });
  const ok = decodeSocketPacket('0{"sid":"oSO0OpakMV_3jnilAAAA"}');
  assert.match(describeSocketPacket(ok), /accepts .* "oSO0OpakMV_3jnilAAAA"/);
  assert.match(describeSocketPacket(decodeSocketPacket('0/admin,')), /^CONNECT namespace \/admin: the client asks/);
});

test('DISCONNECT and CONNECT_ERROR', () => {
  assert.deepEqual(decodeSocketPacket('1/admin,'), { type: 'DISCONNECT', typeCode: 1, nsp: '/admin' });
  const e = decodeSocketPacket('4{"message":"Not authorized"}');
  assert.deepEqual(e, { type: 'CONNECT_ERROR', typeCode: 4, nsp: '/', data: { message: 'Not authorized' } });
  assert.match(describeSocketPacket(e), /refuses .*\(Not authorized\)/);
});

test('EVENT with and without ack id', () => {
  const p = decodeSocketPacket('23["chat","hi",{"n":1}]');
  assert.deepEqual(p, {
    type: 'EVENT',
    typeCode: 2,
    nsp: '/',
    id: 3,
    data: ['chat', 'hi', { n: 1 }],
    event: 'chat',
    args: ['hi', { n: 1 }],
  });
  assert.equal(
    describeSocketPacket(p),
    "EVENT 'chat' in namespace / with ack id 3: the receiver must answer with ACK 3",
  );
  const q = decodeSocketPacket('2/admin,["bye"]');
  assert.equal(q.type === 'EVENT' && q.nsp, '/admin');
  assert.match(describeSocketPacket(q), /with 0 arguments: no ack id/);
});

test('ACK answers an ack id', () => {
  const p = decodeSocketPacket('3/admin,13["ok",2]');
  assert.deepEqual(p, { type: 'ACK', typeCode: 3, nsp: '/admin', id: 13, data: ['ok', 2], args: ['ok', 2] });
  assert.match(describeSocketPacket(p), /^ACK 13 in namespace \/admin: answers .* ack id 13, carrying 2 values$/);
});

test('BINARY_EVENT and BINARY_ACK read the attachment count', () => {
  const p = decodeSocketPacket('51-["upload",{"_placeholder":true,"num":0}]');
  assert.equal(p.type, 'BINARY_EVENT');
  if (p.type !== 'BINARY_EVENT') return;
  assert.equal(p.attachments, 1);
  assert.equal(p.event, 'upload');
  assert.match(describeSocketPacket(p), /1 binary attachment follows/);
  const a = decodeSocketPacket('62-/admin,7[{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]');
  assert.equal(a.type === 'BINARY_ACK' && `${a.attachments} ${a.nsp} ${a.id}`, '2 /admin 7');
});

test('garbage never throws and gives a precise reason', () => {
  const cases: [unknown, RegExp][] = [
    ['', /empty packet/],
    ['9', /unknown packet type "9"/],
    ['x["a"]', /unknown packet type "x"/],
    ['2["chat"', /not valid JSON/],
    ['2{"a":1}', /EVENT payload must be a non-empty JSON array/],
    ['2[]', /non-empty JSON array/],
    ['2', /non-empty JSON array/],
    ['2[true]', /must be a string or a number/],
    ['2["disconnect"]', /reserved/],
    ['0[1]', /CONNECT payload must be a JSON object/],
    ['1{}', /DISCONNECT carries no payload/],
    ['4[1]', /CONNECT_ERROR payload/],
    ['3["x"]', /ACK must carry the ack id/],
    ['31{"a":1}', /ACK payload must be a JSON array/],
    ['5["x"]', /attachment count followed by "-"/],
    ['5-["x"]', /needs at least 1 attachment|not a whole number/],
    ['50-["x"]', /at least 1 attachment, got 0/],
    ['5a-["x"]', /"a" is not a whole number/],
    ['511-["x"]', /too many attachments: 11/],
    ['299999999999999999999["x"]', /too large/],
    [null, /expected the packet as a string/],
  ];
  for (const [raw, re] of cases) {
    const p = decodeSocketPacket(raw as string);
    assert.equal(p.type, 'invalid', String(raw));
    if (p.type === 'invalid') assert.match(p.error, re, String(raw));
    assert.match(describeSocketPacket(p), /^invalid: /);
  }
});

test('oracle: decodes what socket.io-parser encodes', () => {
  const enc = new Encoder();
  const packets = [
    { type: PacketType.CONNECT, nsp: '/' },
    { type: PacketType.CONNECT, nsp: '/admin', data: { token: 'x' } },
    { type: PacketType.CONNECT, nsp: '/', data: { sid: 'abc' } },
    { type: PacketType.DISCONNECT, nsp: '/chat' },
    { type: PacketType.EVENT, nsp: '/', data: ['chat', 'hé', 1, null, { a: [1] }] },
    { type: PacketType.EVENT, nsp: '/', data: [42, 'numeric name'] },
    { type: PacketType.EVENT, nsp: '/admin', id: 12, data: ['q'] },
    { type: PacketType.ACK, nsp: '/', id: 0, data: [] },
    { type: PacketType.ACK, nsp: '/x', id: 99, data: ['ok', { b: 2 }] },
    { type: PacketType.CONNECT_ERROR, nsp: '/', data: { message: 'nope', data: { code: 1 } } },
    { type: PacketType.CONNECT_ERROR, nsp: '/', data: 'plain' },
    { type: PacketType.EVENT, nsp: '/', id: 4, data: ['up', Buffer.from([1, 2]), Buffer.from([3])] },
    { type: PacketType.ACK, nsp: '/a', id: 5, data: [Buffer.from([7])] },
  ];
  for (const pkt of packets) {
    const [head] = enc.encode(pkt) as [string, ...unknown[]];
    const ref: Packet[] = [];
    const dec = new Decoder();
    dec.on('decoded', (x: Packet) => void ref.push(x));
    dec.add(head);
    const mine = decodeSocketPacket(head);
    assert.notEqual(mine.type, 'invalid', head);
    if (mine.type === 'invalid') continue;
    assert.equal(mine.nsp, pkt.nsp, head);
    assert.equal(mine.id, pkt.id, head);
    if (ref.length) {
      // plain packets are emitted at once: compare type and payload exactly
      assert.equal(mine.typeCode, ref[0].type, head);
      assert.deepEqual(mine.data, ref[0].data, head);
    } else {
      // binary packets wait for attachments; our type stays BINARY_*
      assert.equal(mine.typeCode, pkt.type + 3, head);
      assert.equal(mine.attachments, (pkt.data as unknown[]).filter((d) => d instanceof Buffer).length);
    }
  }
});

test('oracle: rejects what socket.io-parser rejects', () => {
  for (const s of ['9', '2["disconnect"]', '2{}', '0[]', '1{}', '4[]', '5-[]', '511-["x"]', '2["a"']) {
    assert.throws(() => new Decoder().add(s), Error, s);
    assert.equal(decodeSocketPacket(s).type, 'invalid', s);
  }
});

test('layered: Engine.IO message wraps a Socket.IO packet', () => {
  const l = layered('42["chat","hi"]');
  assert.equal(l.engine.type, 'message');
  assert.deepEqual(l.socket, {
    type: 'EVENT',
    typeCode: 2,
    nsp: '/',
    data: ['chat', 'hi'],
    event: 'chat',
    args: ['hi'],
  });
  assert.match(l.summary, /^Engine\.IO message → Socket\.IO EVENT 'chat'/);
  assert.equal(layered('2').socket, undefined);
  assert.match(layered('2').summary, /^Engine\.IO ping: the server checks .*no Socket\.IO packet inside\)$/);
  assert.match(layered(new Uint8Array([1, 2])).summary, /binary attachment of 2 bytes/);
  assert.equal(layered('4').socket?.type, 'invalid');
  assert.equal(layered('40/admin,').socket?.type, 'CONNECT');
  assert.equal(layered('4x').socket?.type, 'invalid');
  assert.match(layered('z').summary, /^Engine\.IO invalid: unknown packet type/);
});

test('layeredPollingPayload: one row per packet of a polling body', () => {
  const rows = layeredPollingPayload('40{"sid":"s1"}\x1e451-["bin",{"_placeholder":true,"num":0}]\x1ebAQID\x1e2');
  assert.deepEqual(
    rows.map((r) => r.raw),
    ['40{"sid":"s1"}', '451-["bin",{"_placeholder":true,"num":0}]', 'bAQID', '2'],
  );
  assert.deepEqual(
    rows.map((r) => r.socket?.type),
    ['CONNECT', 'BINARY_EVENT', undefined, undefined],
  );
  assert.match(rows[2].summary, /binary attachment of 3 bytes/);
  assert.equal(layeredPollingPayload(42 as unknown as string)[0].engine.type, 'invalid');
});

test('EVENT packet text matches socket.io-parser', () => {
  assert.equal(socketIoEventText({ event: 'chat', args: ['hi'] }), '2["chat","hi"]');
  assert.equal(socketIoEventText({ event: 'move', args: [1, { x: 2 }] }), '2["move",1,{"x":2}]');
  assert.equal(
    socketIoEventText({ event: 'chat', args: ['hi'], namespace: '/admin', ackId: 12 }),
    '2/admin,12["chat","hi"]',
  );
  assert.equal(socketIoEventText({ event: 'chat', args: ['hi'], namespace: '/', ackId: 0 }), '20["chat","hi"]');
  assert.equal(socketIoEventText({ event: 'x', args: [undefined, null] }), '2["x",null,null]');
  assert.equal(socketIoEventText({ event: 'noargs' }), '2["noargs"]');
});

test('encode refuses reserved names and binary arguments, as the real client would', () => {
  assert.throws(() => socketIoEventText({ event: 'connect', args: [] }), /reserved/);
  assert.throws(() => socketIoEventText({ event: 'file', args: [new Uint8Array(2)] }), /BINARY_EVENT/);
});

test('encoded fields cover every byte, including non-ASCII text', () => {
  for (const input of [
    { event: 'chat', args: ['héllo ✓'] },
    { event: 'chat', args: ['hi'], namespace: '/admin', ackId: 7 },
    { event: 'e', args: [{ nested: [1, 2] }, true] },
  ]) {
    const e = encodeSocketIoEvent(input);
    assert.deepEqual(uncoveredBits(e.bytes.length, e.fields), [], e.text);
    assert.deepEqual(overlappingFields(e.fields), [], e.text);
  }
});

test('dissect reads namespace, ack id and data from bytes', () => {
  const r = dissectSocketPacket(new TextEncoder().encode('2/admin,12["chat","hi"]'));
  assert.ok(r.ok);
  assert.equal(r.packet.nsp, '/admin');
  assert.equal(r.packet.id, 12);
  assert.deepEqual(r.packet.data, ['chat', 'hi']);
  const bad = dissectSocketPacket(new TextEncoder().encode('2["chat"'));
  assert.equal(bad.ok, false);
  const connect = dissectSocketPacket(new TextEncoder().encode('0'));
  assert.ok(connect.ok && connect.packet.type === 'CONNECT');
});

test('dissect names every byte of any packet the decoder accepts, a non-ASCII namespace too', () => {
  for (const text of ['0', '0/chat,', '1/é,', '23["chat","hi"]', '3/admin,13["ok",2]', '451-/ns,7["up",{"a":1}]']) {
    const bytes = new TextEncoder().encode(text.slice(text[0] === '4' ? 1 : 0));
    const r = dissectSocketPacket(bytes);
    assert.ok(r.ok, text);
    if (!r.ok) continue;
    assert.deepEqual(uncoveredBits(bytes.length, r.fields), [], text);
    assert.deepEqual(overlappingFields(r.fields), [], text);
  }
  const invalid = dissectSocketPacket(new Uint8Array([0x32, 0xff]));
  assert.ok(!invalid.ok && /UTF-8/.test(invalid.error));
});
