// The queue lab's consumer list shared by two nodes on a real Redis: in subscription order across nodes, a node
// whose heartbeat is gone drops out of the other's list, and a live node whose heartbeat only lapsed (starved of
// CPU for three sweeps) writes its consumers back, in their places, at its next read.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SharedQueueConsumers, type LocalConsumer } from '../../server/features/queue-lab-consumers.ts';
import { redisScale } from '../../server/scale/context.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { silentLogger } from '../../server/log.ts';
import { startRedis } from '../helpers/redis-server.ts';

const LAB = 'lab-1';
const names = (list: { name: string }[]) => list.map((c) => c.name).join(',');

test('shared consumer list: order across nodes, a dead node drops out, a lapsed heartbeat heals', async (t) => {
  const redis = await startRedis();
  const connA = await connectRedis(redis.url, silentLogger);
  const connB = await connectRedis(redis.url, silentLogger);
  t.after(async () => {
    await connA.close();
    await connB.close();
    await redis.stop();
  });
  const scaleA = redisScale(connA, 'node-a', 'test');
  const scaleB = redisScale(connB, 'node-b', 'test');
  const beat = (scale: typeof scaleA) => connA.client.set(scale.key('node', scale.nodeId), '1');
  await Promise.all([beat(scaleA), beat(scaleB)]);
  const onA = new SharedQueueConsumers(scaleA, 60_000);
  const onB = new SharedQueueConsumers(scaleB, 60_000);

  const ada: LocalConsumer = { id: 'sock-ada', name: 'Ada' };
  ada.seq = await onA.add(LAB, ada.id, ada.name);
  const ben: LocalConsumer = { id: 'sock-ben', name: 'Ben', seq: await onB.add(LAB, 'sock-ben', 'Ben') };
  const cy: LocalConsumer = { id: 'sock-cy', name: 'Cy' };
  cy.seq = await onA.add(LAB, cy.id, cy.name);
  assert.deepEqual([ada.seq, ben.seq, cy.seq], [1, 2, 3], 'numbered in subscription order across nodes');
  assert.equal(names(await onA.list(LAB, [ada, cy])), 'Ada,Ben,Cy');
  assert.equal(names(await onB.list(LAB, [ben])), 'Ada,Ben,Cy');

  // Node A's heartbeat lapses: B's read takes A's consumers out of Redis.
  await connA.client.del(scaleA.key('node', 'node-a'));
  assert.equal(names(await onB.list(LAB, [ben])), 'Ben');
  // A, still alive, reads: it puts its own back, in their places, for every node to see again.
  assert.equal(names(await onA.list(LAB, [ada, cy])), 'Ada,Ben,Cy');
  await beat(scaleA);
  assert.equal(names(await onB.list(LAB, [ben])), 'Ada,Ben,Cy');
  assert.ok((await connA.client.pTTL(scaleA.key('queue-consumers', LAB))) > 0, 'the list keeps its expiry');

  // Without the heal, a consumer whose add() failed (no number) is still listed, at the end.
  assert.equal(names(await onA.list(LAB, [ada, cy, { id: 'sock-dee', name: 'Dee' }])), 'Ada,Ben,Cy,Dee');

  // Node B is gone for good (no heartbeat, never reads again): its consumer is off A's list.
  await connA.client.del(scaleB.key('node', 'node-b'));
  assert.equal(names(await onA.list(LAB, [ada, cy])), 'Ada,Cy');
});
