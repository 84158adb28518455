// Losing Redis under a running node: the node says so in its log and in /healthz, keeps answering (pages and
// health), and finds Redis again by itself when it comes back on the same port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis, sparePort } from '../helpers/redis-server.ts';
import { spawnNode } from '../helpers/child-node.ts';
import { tinySite } from '../helpers/tiny-site.ts';

type Health = { ok: boolean; node: string; redis: { reachable: boolean }; deliveryBudget?: string };

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('Redis stops under a node: redis.lost, /healthz 200 reachable false, pages served; back on restart', async (t) => {
  let redis = await startRedis();
  const site = tinySite();
  const port = await sparePort();
  const node = spawnNode('server/index.ts', {
    PORT: String(port),
    REDIS_URL: redis.url,
    SP_NODE_ID: 'lonely',
    SP_DIST_DIR: site.dir,
  });
  t.after(async () => {
    await node.stop();
    await redis.stop();
    site.remove();
  });
  const base = `http://127.0.0.1:${port}`;
  await node.waitFor((l) => l.event === 'server.listening', 'server.listening');
  const health = async () => {
    const res = await fetch(`${base}/healthz`);
    return { status: res.status, body: (await res.json()) as Health };
  };
  assert.deepEqual((await health()).body.redis, { reachable: true });
  assert.equal((await health()).body.deliveryBudget, 'across-nodes', 'each lab has one budget across nodes');

  await redis.stop();
  const lost = await node.waitFor((l) => l.event === 'redis.lost', 'redis.lost');
  assert.equal(lost.level, 'error');
  const down = await until(health, (h) => !h.body.redis.reachable, 'reachable: false');
  assert.equal(down.status, 200);
  assert.deepEqual([down.body.ok, down.body.node], [true, 'lonely']);
  assert.equal(down.body.deliveryBudget, 'per-node', 'without Redis each node keeps its own delivery budget');
  const page = await fetch(`${base}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /tiny site/);

  redis = await startRedis(redis.port);
  const back = await until(health, (h) => h.body.redis.reachable, 'reachable again');
  assert.equal(back.status, 200);
  assert.equal(back.body.deliveryBudget, 'across-nodes');
  assert.equal(node.lines.filter((l) => l.event === 'redis.ready').length, 2, 'ready logged at start and on return');
  assert.equal(node.child.exitCode, null, 'the node is still running');
});
