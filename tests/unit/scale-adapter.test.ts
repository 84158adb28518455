// Two demo servers on one real Redis: every Socket.IO server they run takes the Redis Streams adapter, a
// broadcast on one reaches a socket on the other, and /healthz-style numbers say which node and adapter answered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../helpers/demo-server.ts';
import { startRedis } from '../helpers/redis-server.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { redisScale } from '../../server/scale/context.ts';
import { silentLogger } from '../../server/log.ts';

test('two nodes on one Redis: io.emit on node A reaches a socket on node B; health names node and adapter', async (t) => {
  const redis = await startRedis();
  const connA = await connectRedis(redis.url, silentLogger);
  const connB = await connectRedis(redis.url, silentLogger);
  const a = await startTestServer({ scale: redisScale(connA, 'node-a', 'test') });
  const b = await startTestServer({ scale: redisScale(connB, 'node-b', 'test') });
  // One hook, in order: node:test runs `after` hooks first-added first, and a node closing on a stopped Redis waits.
  t.after(async () => {
    await a.close();
    await b.close();
    await connA.close();
    await connB.close();
    await redis.stop();
  });

  assert.deepEqual(
    { node: a.demo.health().node, adapter: a.demo.health().adapter, redis: a.demo.health().redis },
    { node: 'node-a', adapter: 'redis-streams', redis: { reachable: true } },
  );
  const onB = await b.connect();
  const got = new Promise<unknown>((resolve) => onB.onAny((event, payload) => resolve([event, payload])));
  // The adapter's stream reader starts asynchronously: wait until node A sees node B's socket across Redis.
  for (let i = 0; i < 100 && (await a.demo.io.fetchSockets()).length < 1; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  (a.demo.io as unknown as { emit(e: string, p: unknown): void }).emit('cross-node', { from: 'a' });
  assert.deepEqual(await got, ['cross-node', { from: 'a' }]);
});

test('one node alone reports the in-memory adapter and no Redis', async (t) => {
  const alone = await startTestServer();
  t.after(() => alone.close());
  const health = alone.demo.health();
  assert.equal(health.adapter, 'in-memory');
  assert.equal(health.redis, undefined);
});
