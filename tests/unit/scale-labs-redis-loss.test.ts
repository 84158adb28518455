// A node whose Redis goes away keeps answering: lab:create says plainly that the shared store is gone (no hang
// until a client timeout), and new connections are still admitted on the node's own counts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask } from '../helpers/demo-server.ts';
import { startDemoNode } from '../helpers/child-node.ts';
import { startRedis } from '../helpers/redis-server.ts';

test('with Redis lost, lab:create answers "timeout" at once and connections are still admitted', async (t) => {
  const redis = await startRedis();
  const node = await startDemoNode(redis.url, 'node-a', { env: { SP_REDIS_PREFIX: 'loss-test' } });
  let redisUp = true;
  t.after(async () => {
    await node.kill();
    // stop() waits for an exit: only once (a second call would wait for an exit that already happened).
    if (redisUp) await redis.stop();
  });
  const before = await node.connect();
  assert.equal((await ask(before, 'lab:create', { kind: 'emit-sequence', name: 'A' })).ok, true);
  await redis.stop();
  redisUp = false;
  let res = await ask<unknown>(await node.connect(), 'lab:create', { kind: 'emit-sequence', name: 'B' });
  // The node notices the loss when its connection closes; until then a write may still be on its way out.
  for (let i = 0; i < 20 && (res.ok || res.code !== 'timeout'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    res = await ask<unknown>(await node.connect(), 'lab:create', { kind: 'emit-sequence', name: 'B' });
  }
  assert.deepEqual(res.ok ? 'created' : res.code, 'timeout');
  // Within ask()'s 2 s: a write queued until Redis returns would reject with a client timeout instead.
  const again = await ask<unknown>(await node.connect(), 'lab:create', { kind: 'emit-sequence', name: 'C' });
  assert.deepEqual(again.ok ? 'created' : again.code, 'timeout');
});
