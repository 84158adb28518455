// Idempotency keys in Redis, as two nodes see them: each node has its own connection and its own store object,
// and a key offered on one is a retry on the other, its result readable there; the per-store cap holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../server/clock.ts';
import { silentLogger } from '../../server/log.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { RedisIdempotencyStore, type RedisLike } from '../../server/store/idempotency.ts';
import { startRedis } from '../helpers/redis-server.ts';

test('a key seen on node A is a retry on node B; the result is shared; the cap drops the oldest', async (t) => {
  const redis = await startRedis();
  const [connA, connB] = [await connectRedis(redis.url, silentLogger), await connectRedis(redis.url, silentLogger)];
  t.after(async () => {
    await connA.close();
    await connB.close();
    await redis.stop();
  });
  const clock = new ManualClock(1000);
  const store = (client: unknown, prefix = 'test:idem:lab1') =>
    new RedisIdempotencyStore<number>({ clock, ttlMs: 60_000, maxKeys: 3, redis: client as RedisLike, prefix });
  const [onA, onB] = [store(connA.client), store(connB.client)];

  const firsts = await Promise.all([onA.seen('k1'), onB.seen('k1')]);
  assert.deepEqual([...firsts].sort(), [false, true], 'two concurrent offers on two nodes: exactly one is new');
  assert.deepEqual(await onB.lookup('k1'), { state: 'pending' });
  await onA.complete('k1', 42);
  assert.deepEqual(await onB.lookup('k1'), { state: 'done', result: 42 });
  assert.equal(await store(connB.client, 'test:idem:lab2').seen('k1'), false, 'another lab has its own keys');

  for (const k of ['k2', 'k3', 'k4']) {
    clock.advance(1);
    assert.equal(await onA.seen(k), false);
  }
  assert.equal(await onB.lookup('k1'), null, 'the fourth key pushed out the oldest');
  assert.equal(await onB.seen('k4'), true);
  await onB.release('k4');
  assert.equal(await onA.seen('k4'), false, 'a released key runs again');
});
