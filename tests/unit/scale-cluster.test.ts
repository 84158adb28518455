// `npm run start:cluster` for real: the primary and two workers as processes on one Redis, reached through the
// primary's port. Sticky routing keeps each long-polling session on the worker that holds it, new sessions spread
// over both workers, a killed worker is replaced, and SIGTERM stops the lot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis, sparePort } from '../helpers/redis-server.ts';
import { spawnNode } from '../helpers/child-node.ts';
import { connectClient, emitRoundTrip } from '../helpers/plain-client.ts';
import { tinySite } from '../helpers/tiny-site.ts';

const NODE_HEADER = 'x-sp-node';

/** One raw Engine.IO long-polling session: three requests, and the worker that answered each. */
async function pollingSession(base: string): Promise<string[]> {
  const path = `${base}/socket.io/?EIO=4&transport=polling`;
  const open = await fetch(path);
  const body = await open.text();
  assert.equal(open.status, 200, body);
  const sid = (JSON.parse(body.slice(1)) as { sid: string }).sid;
  // Join the "/" namespace (Socket.IO CONNECT, packet "40"), then read the server's answer to it.
  const join = await fetch(`${path}&sid=${sid}`, { method: 'POST', body: '40' });
  assert.equal(join.status, 200, await join.text());
  const answer = await fetch(`${path}&sid=${sid}`);
  assert.match(await answer.text(), /^40\{"sid"/);
  return [open, join, answer].map((res) => res.headers.get(NODE_HEADER) ?? 'none');
}

test('start:cluster: sticky polling on two workers over Redis, a dead worker replaced, SIGTERM stops all', async (t) => {
  const [redis, port] = await Promise.all([startRedis(), sparePort()]);
  const site = tinySite();
  const cluster = spawnNode('server/cluster.ts', {
    REDIS_URL: redis.url,
    SP_CLUSTER_NODES: '2',
    PORT: String(port),
    SP_DIST_DIR: site.dir,
    SP_NODE_ID: 'test-host',
  });
  t.after(async () => {
    await cluster.stop();
    await redis.stop();
    site.remove();
  });
  const base = `http://127.0.0.1:${port}`;
  const isReady = (l: { event: string }) => l.event === 'cluster.worker_ready';
  await cluster.waitFor(() => cluster.lines.filter(isReady).length >= 2, 'two workers ready');
  const workers = cluster.lines.filter(isReady).map((l) => l.node as string);
  assert.deepEqual([...workers].sort(), ['test-host:worker-1', 'test-host:worker-2']);

  // Each session's three requests reach one worker; sessions opened one after another use both workers (the
  // primary counts a worker's sessions when the worker reports them, so a burst at once may all land on one).
  const sessions = [await pollingSession(base), await pollingSession(base), await pollingSession(base)];
  for (const hops of sessions) assert.equal(new Set(hops).size, 1, `one session, one worker: ${hops.join(', ')}`);
  assert.deepEqual(new Set(sessions.map((hops) => hops[0])), new Set(workers));

  // A socket.io-client that may only long-poll works end to end: a lab and an emit round trip.
  const client = await connectClient(base, ['polling']);
  t.after(() => client.close());
  assert.equal(client.io.engine.transport.name, 'polling');
  const message = (await emitRoundTrip(client, 'through the primary')) as { text: string };
  assert.equal(message.text, 'through the primary');

  // /healthz answers from a worker, which reports itself on the Redis Streams adapter.
  const health = (await (await fetch(`${base}/healthz`)).json()) as { node: string; adapter: string };
  assert.ok(workers.includes(health.node), health.node);
  assert.equal(health.adapter, 'redis-streams');

  // A worker killed outright is started again (a new worker id), and it serves.
  const victim = cluster.lines.find(isReady)!;
  process.kill(victim.pid as number, 'SIGKILL');
  const replacement = await cluster.waitFor((l) => isReady(l) && !workers.includes(l.node as string), 'a new worker');
  assert.match(replacement.node as string, /^test-host:worker-3$/);
  const after = [await pollingSession(base), await pollingSession(base)];
  for (const hops of after) assert.equal(new Set(hops).size, 1);

  // SIGTERM: the workers stop cleanly and the primary exits 0 after them.
  const pids = cluster.lines.filter(isReady).map((l) => l.pid as number);
  client.close();
  const { code } = await cluster.stop();
  assert.equal(code, 0, cluster.output());
  for (const pid of pids) assert.throws(() => process.kill(pid, 0), /ESRCH/, `worker ${pid} is gone`);
});

test('start:cluster without REDIS_URL stops with one sentence saying how to start Redis', async () => {
  const env: Record<string, string> = { SP_CLUSTER_NODES: '2', REDIS_URL: '' };
  const cluster = spawnNode('server/cluster.ts', env);
  const { code } = await cluster.exited;
  assert.equal(code, 1);
  assert.match(cluster.output(), /redis-server --port 6379 --bind 127\.0\.0\.1.*set REDIS_URL=redis:\/\//s);
});
