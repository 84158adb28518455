import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeSocketIoEvent, socketIoEventText, decodeSocketIoPacket } from '../../src/lib/net/socketio.ts';
import { encodeEngineIoMessage, engineIoPacketType } from '../../src/lib/net/engineio.ts';
import { uncoveredBits, overlappingFields } from '../../src/lib/net/fields.ts';

test('EVENT packet text matches socket.io-parser', () => {
  assert.equal(socketIoEventText({ event: 'chat', args: ['hi'] }), '2["chat","hi"]');
  assert.equal(socketIoEventText({ event: 'move', args: [1, { x: 2 }] }), '2["move",1,{"x":2}]');
  assert.equal(socketIoEventText({ event: 'chat', args: ['hi'], namespace: '/admin', ackId: 12 }), '2/admin,12["chat","hi"]');
  assert.equal(socketIoEventText({ event: 'chat', args: ['hi'], namespace: '/', ackId: 0 }), '20["chat","hi"]');
  assert.equal(socketIoEventText({ event: 'x', args: [undefined, null] }), '2["x",null,null]');
  assert.equal(socketIoEventText({ event: 'noargs' }), '2["noargs"]');
});

test('reserved names and binary arguments are refused, as the real client would', () => {
  assert.throws(() => socketIoEventText({ event: 'connect', args: [] }), /reserved/);
  assert.throws(() => socketIoEventText({ event: 'file', args: [new Uint8Array(2)] }), /BINARY_EVENT/);
});

test('fields cover every byte, including non-ASCII text', () => {
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

test('decode reads namespace, ack id and data', () => {
  const r = decodeSocketIoPacket(new TextEncoder().encode('2/admin,12["chat","hi"]'));
  assert.ok(r.ok);
  assert.equal(r.packet.namespace, '/admin');
  assert.equal(r.packet.ackId, 12);
  assert.deepEqual(r.packet.data, ['chat', 'hi']);
  const bad = decodeSocketIoPacket(new TextEncoder().encode('2["chat"'));
  assert.equal(bad.ok, false);
  const connect = decodeSocketIoPacket(new TextEncoder().encode('0'));
  assert.ok(connect.ok && connect.packet.typeName === 'CONNECT');
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
