import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  wireSession,
  describeWire,
  distinctSessions,
  emptyNs,
  engineText,
  packetOnWire,
  sidOf,
  MAX_ROWS,
} from '../../src/widgets/namespaces/model.ts';

const open = (sid: string) => ({
  type: 'open',
  data: `{"sid":"${sid}","upgrades":[],"pingInterval":25000,"pingTimeout":20000}`,
});

test('engineText rebuilds the wire text of a packet', () => {
  assert.equal(
    engineText({ type: 'message', data: '2/lab-news,["news:headline",{}]' }),
    '42/lab-news,["news:headline",{}]',
  );
  assert.equal(engineText({ type: 'pong' }), '3');
  assert.equal(engineText({ type: 'nonsense' }), undefined);
  assert.equal(engineText({ type: 'message', data: new Uint8Array([1]) }), undefined);
});

test('one wire carrying three namespaces is one Engine.IO session', () => {
  let s = packetOnWire(emptyNs(), 1, 'in', open('S1'));
  s = packetOnWire(s, 1, 'out', { type: 'message', data: '0' });
  s = packetOnWire(s, 1, 'out', { type: 'message', data: '0/lab-news,{"labId":"abcdefgh","name":"You"}' });
  s = packetOnWire(s, 1, 'out', { type: 'message', data: '0/lab-chat,{"labId":"abcdefgh","name":"You"}' });
  s = packetOnWire(s, 1, 'in', {
    type: 'message',
    data: '2/lab-news,["news:headline",{"headline":"hi","from":"You"}]',
  });
  assert.deepEqual(s.wires[0]!.nsps, ['/', '/lab-news', '/lab-chat']);
  assert.equal(sidOf(s, '/lab-news'), 'S1');
  assert.equal(distinctSessions(s, ['/lab-news', '/lab-chat']), 1);
  const headline = s.rows[s.rows.length - 1]!;
  assert.equal(headline.raw, '42/lab-news,["news:headline",{"headline":"hi","from":"You"}]');
  assert.equal(headline.nsp, '/lab-news');
  assert.equal(headline.socketType, 'EVENT');
  assert.equal(s.rows[0]!.nsp, undefined, 'the open packet belongs to no namespace');
  assert.match(describeWire(s.wires[0]!), /sid S1\) carries \/, \/lab-news, \/lab-chat/);
});

test('forceNew: each namespace on its own wire, two sessions', () => {
  let s = packetOnWire(emptyNs(), 2, 'in', open('N'));
  s = packetOnWire(s, 3, 'in', open('C'));
  s = packetOnWire(s, 2, 'out', { type: 'message', data: '0/lab-news,{}' });
  s = packetOnWire(s, 3, 'out', { type: 'message', data: '0/lab-chat,{}' });
  assert.equal(sidOf(s, '/lab-chat'), 'C');
  assert.equal(distinctSessions(s, ['/lab-news', '/lab-chat']), 2);
  assert.equal(distinctSessions(s, ['/nowhere']), 0);
});

test('a CONNECT_ERROR is attributed to its namespace, and rows are bounded', () => {
  let s = packetOnWire(emptyNs(), 1, 'in', { type: 'message', data: '4/lab-chat,{"message":"There is no lab"}' });
  assert.equal(s.rows[0]!.socketType, 'CONNECT_ERROR');
  assert.equal(s.rows[0]!.nsp, '/lab-chat');
  for (let i = 0; i < MAX_ROWS + 3; i++) s = packetOnWire(s, 1, 'in', { type: 'ping' });
  assert.equal(s.rows.length, MAX_ROWS);
});

test('wireSession names a wire that was already open, without overwriting a sid seen in its open packet', () => {
  let s = wireSession(emptyNs(), 1, 'EARLY');
  s = packetOnWire(s, 1, 'out', { type: 'message', data: '0/lab-news,{}' });
  assert.equal(sidOf(s, '/lab-news'), 'EARLY');
  let t = packetOnWire(emptyNs(), 2, 'in', open('FROM-OPEN'));
  t = wireSession(t, 2, 'OTHER');
  assert.equal(t.wires[0]!.sid, 'FROM-OPEN');
});

test('switching to forceNew: the lab connection keeps "/" and is not labelled by the DISCONNECTs it carries', () => {
  // A new generation re-watches the lab's open connection (it carries "/"), then the shared sockets close on it.
  let s = wireSession(emptyNs(), 1, 'LAB', ['/']);
  s = packetOnWire(s, 1, 'out', { type: 'message', data: '1/lab-news,' });
  s = packetOnWire(s, 1, 'out', { type: 'message', data: '1/lab-chat,' });
  s = packetOnWire(s, 2, 'in', open('N'));
  s = packetOnWire(s, 2, 'out', { type: 'message', data: '0/lab-news,{}' });
  s = packetOnWire(s, 3, 'in', open('C'));
  s = packetOnWire(s, 3, 'out', { type: 'message', data: '0/lab-chat,{}' });
  assert.deepEqual(s.wires[0]!.nsps, ['/']);
  assert.match(describeWire(s.wires[0]!), /Connection 1 \(Engine.IO sid LAB\) carries \/$/);
  assert.equal(sidOf(s, '/lab-news'), 'N');
  assert.equal(distinctSessions(s, ['/lab-news', '/lab-chat']), 2);
  // The rows still show the DISCONNECT packets, with their namespace.
  assert.equal(s.rows[0]!.socketType, 'DISCONNECT');
  assert.equal(s.rows[0]!.nsp, '/lab-news');
});
