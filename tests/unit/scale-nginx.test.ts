// deploy/nginx.conf for real: Debian's nginx runs the reference file (only its ports and paths swapped for the
// test's) in front of two demo-server processes on one Redis. Through it, a long-polling client and a WebSocket
// client both work and /healthz answers; the same file without ip_hash (round-robin) breaks long polling with
// "Session ID unknown", which shows that the sticky routing is what makes it work; the commented cookie
// alternative, switched on, keeps a session on one node as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startNginx } from '../helpers/nginx.ts';
import { startRedis, sparePort } from '../helpers/redis-server.ts';
import { ROOT, spawnNode } from '../helpers/child-node.ts';
import { connectClient, emitRoundTrip } from '../helpers/plain-client.ts';
import { tinySite } from '../helpers/tiny-site.ts';

const REFERENCE = join(ROOT, 'deploy/nginx.conf');

/** Opens a raw Engine.IO long-polling session and sends four more requests on it: their HTTP statuses and bodies. */
async function pollingSession(base: string, headers: Record<string, string> = {}) {
  const path = `${base}/socket.io/?EIO=4&transport=polling`;
  const open = await fetch(path, { headers });
  const handshake = JSON.parse((await open.text()).slice(1)) as {
    sid: string;
    pingInterval: number;
    pingTimeout: number;
  };
  const followUps: Array<{ status: number; body: string }> = [];
  for (let i = 0; i < 4; i++) {
    const res = await fetch(`${path}&sid=${handshake.sid}`, { method: 'POST', body: '3', headers });
    followUps.push({ status: res.status, body: await res.text() });
  }
  return { handshake, followUps };
}

test('deploy/nginx.conf in front of two nodes: polling, WebSocket, /healthz; round-robin fails', async (t) => {
  const redis = await startRedis();
  const site = tinySite();
  const ports = await Promise.all([sparePort(), sparePort()]);
  const nodes = ports.map((port, i) =>
    spawnNode('server/index.ts', {
      PORT: String(port),
      REDIS_URL: redis.url,
      SP_NODE_ID: `node-${'ab'[i]}`,
      SP_DIST_DIR: site.dir,
    }),
  );
  t.after(async () => {
    await Promise.all(nodes.map((n) => n.stop()));
    await redis.stop();
    site.remove();
  });
  const [sticky, roundRobin, cookie] = await Promise.all([
    startNginx(t, ports, 'ip_hash'),
    startNginx(t, ports, 'round-robin'),
    startNginx(t, ports, 'cookie'),
    ...nodes.map((n) => n.waitFor((l) => l.event === 'server.listening', 'server.listening')),
  ]);

  // Sticky: every request of a long-polling session reaches the node that holds it.
  const kept = await pollingSession(sticky);
  assert.deepEqual(
    kept.followUps.map((r) => r.status),
    [200, 200, 200, 200],
    JSON.stringify(kept.followUps),
  );
  // nginx must not cut a connection before Socket.IO's heartbeat would (pingInterval + pingTimeout).
  const readTimeout = Number(/proxy_read_timeout (\d+)s;/.exec(readFileSync(REFERENCE, 'utf8'))?.[1]);
  assert.ok(readTimeout * 1000 > kept.handshake.pingInterval + kept.handshake.pingTimeout, `${readTimeout}s`);

  const polling = await connectClient(sticky, ['polling']);
  t.after(() => polling.close());
  assert.equal(polling.io.engine.transport.name, 'polling');
  assert.equal(
    ((await emitRoundTrip(polling, 'long-polled through nginx')) as { text: string }).text,
    'long-polled through nginx',
  );

  const ws = await connectClient(sticky, ['websocket']);
  t.after(() => ws.close());
  assert.equal(ws.io.engine.transport.name, 'websocket');
  assert.equal(
    ((await emitRoundTrip(ws, 'upgraded through nginx')) as { text: string }).text,
    'upgraded through nginx',
  );

  const health = await fetch(`${sticky}/healthz`);
  assert.equal(health.status, 200);
  const body = (await health.json()) as { node: string; adapter: string; redis: { reachable: boolean } };
  assert.ok(['node-a', 'node-b'].includes(body.node), body.node);
  assert.deepEqual([body.adapter, body.redis], ['redis-streams', { reachable: true }]);

  // Round-robin: the session's next request lands on the other node, which has never heard of it.
  const lost = await pollingSession(roundRobin);
  const refused = lost.followUps.filter((r) => r.status === 400);
  assert.ok(refused.length >= 1, JSON.stringify(lost.followUps));
  assert.match(refused[0].body, /Session ID unknown/);
  await assert.rejects(connectClient(roundRobin, ['polling']));

  // The cookie alternative: the first page load sets sp_route; requests that carry it stay on one node.
  const page = await fetch(`${cookie}/`);
  assert.equal(page.status, 200);
  const route = /sp_route=([^;]+)/.exec(page.headers.get('set-cookie') ?? '')?.[1];
  assert.ok(route, 'the first response sets the route cookie');
  const routed = await pollingSession(cookie, { cookie: `sp_route=${route}` });
  assert.deepEqual(
    routed.followUps.map((r) => r.status),
    [200, 200, 200, 200],
    JSON.stringify(routed.followUps),
  );
});
