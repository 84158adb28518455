import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  broadcastSent,
  describeBroadcast,
  describeCount,
  emptyModel,
  messageArrived,
  namesWith,
  pollsWorked,
  settle,
  unknownSession,
} from '../../src/widgets/two-nodes/model.ts';

const clients = [
  { name: 'Ana', node: 'a' as const },
  { name: 'Cai', node: 'b' as const },
];

test('a copy that never arrived is missed once the wait is over; one that arrived is received', () => {
  let m = broadcastSent(emptyModel(clients), 'Ana', { seq: 1, node: 'a', viaAdapter: false });
  m = messageArrived(m, 'Ana', { seq: 1, from: 'Ana', node: 'a', viaAdapter: false });
  assert.deepEqual(namesWith(m.last!, 'waiting'), ['Cai']);
  m = settle(m, 1);
  assert.deepEqual([namesWith(m.last!, 'received'), namesWith(m.last!, 'missed')], [['Ana'], ['Cai']]);
  assert.equal(
    describeBroadcast(m.last!),
    'Broadcast #1 from Ana on node A (without an adapter): received by Ana; missed by Cai.',
  );
});

test('a copy that arrives before the acknowledgement is kept; a late copy of an old broadcast is ignored', () => {
  let m = messageArrived(emptyModel(clients), 'Cai', { seq: 2, from: 'Ana', node: 'a', viaAdapter: true });
  m = broadcastSent(m, 'Ana', { seq: 2, node: 'a', viaAdapter: true });
  assert.equal(m.last!.fates.Cai, 'received');
  const late = messageArrived(m, 'Ana', { seq: 1, from: 'Ana', node: 'a', viaAdapter: true });
  assert.equal(late, m);
  assert.equal(settle(m, 1), m, 'settling an older broadcast changes nothing');
});

test('everyone received: the summary says so', () => {
  let m = broadcastSent(emptyModel(clients), 'Cai', { seq: 3, node: 'b', viaAdapter: true });
  for (const c of clients) m = messageArrived(m, c.name, { seq: 3, from: 'Cai', node: 'b', viaAdapter: true });
  assert.match(describeBroadcast(settle(m, 3).last!), /received by Ana, Cai: everyone\.$/);
});

test('polling verdicts: all 200 worked; a 400 Session ID unknown is recognised', () => {
  const ok = { what: 'GET', node: 'a', status: 200, body: 'ok' };
  const bad = { what: 'POST', node: 'b', status: 400, body: '{"code":1,"message":"Session ID unknown"}' };
  assert.equal(pollsWorked([ok, ok]), true);
  assert.equal(pollsWorked([ok, bad]), false);
  assert.equal(pollsWorked([]), false);
  assert.equal(unknownSession([ok, bad]), true);
  assert.equal(unknownSession([ok]), false);
});

test('fetchSockets summary names both nodes', () => {
  const text = describeCount({ asked: 'a', viaAdapter: true, total: 4, byNode: { a: 2, b: 2 } });
  assert.equal(
    text,
    'fetchSockets() on node A, asking every node through the adapter: 4 sockets (node A 2, node B 2).',
  );
});
