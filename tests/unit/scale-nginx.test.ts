// deploy/nginx.conf for real: Debian's nginx runs the reference file (only its ports and paths swapped for the
// test's) in front of two demo-server processes on one Redis. Through it, a long-polling client and a WebSocket
// client both work and /healthz answers; the same file without ip_hash (round-robin) breaks long polling with
// "Session ID unknown", which shows that the sticky routing is what makes it work; the commented cookie
// alternative, switched on, keeps a session on one node as well.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, sparePort } from '../helpers/redis-server.ts';
import { ROOT, spawnNode } from '../helpers/child-node.ts';
import { connectClient, emitRoundTrip } from '../helpers/plain-client.ts';
import { tinySite } from '../helpers/tiny-site.ts';

const REFERENCE = join(ROOT, 'deploy/nginx.conf');
const NGINX = process.env.NGINX_PATH ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

/** The reference config with the test's ports and a private prefix; each swap must match exactly once. */
type Routing = 'ip_hash' | 'round-robin' | 'cookie';

function renderNginxConf(text: string, opts: { port: number; nodes: number[]; prefix: string; routing: Routing }) {
  let out = text;
  const swap = (from: RegExp, to: string) => {
    const hits = out.match(new RegExp(from.source, from.flags + 'g'))?.length ?? 0;
    assert.equal(hits, 1, `deploy/nginx.conf should have exactly one line matching ${from}`);
    out = out.replace(from, to);
  };
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${opts.prefix}/${k};`);
  swap(/^worker_processes .*;$/m, 'worker_processes 1;');
  swap(/^pid .*;$/m, `pid ${opts.prefix}/nginx.pid;`);
  swap(/^error_log .*;$/m, `error_log ${opts.prefix}/error.log warn;`);
  swap(/^http \{$/m, `http {\n  ${temp.join('\n  ')}`);
  swap(/^(\s*)ip_hash;$/m, opts.routing === 'ip_hash' ? '$1ip_hash;' : '$1# no ip_hash in this variant');
  if (opts.routing === 'cookie') {
    // The commented alternative, switched on exactly as its comment says.
    swap(/^(\s*)# (hash \$sticky_route consistent;)$/m, '$1$2');
    swap(/^(\s*)# (add_header Set-Cookie "sp_route=.*)$/m, '$1$2');
  }
  swap(
    /^(\s*)server node1:4321;\n\s*server node2:4321;$/m,
    opts.nodes.map((p) => `$1server 127.0.0.1:${p};`).join('\n'),
  );
  swap(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${opts.port};`);
  return out;
}

function untilListening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const probe = tcpConnect(port, '127.0.0.1');
      probe.once('connect', () => (probe.destroy(), resolve()));
      probe.once('error', () => {
        probe.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

async function startNginx(t: { after(fn: () => Promise<void>): void }, nodes: number[], routing: Routing) {
  const port = await sparePort();
  const prefix = mkdtempSync(join(tmpdir(), 'sp-nginx-'));
  chmodSync(prefix, 0o755); // nginx's workers may run as another user
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, renderNginxConf(readFileSync(REFERENCE, 'utf8'), { port, nodes, prefix, routing }));
  const child = spawn(NGINX, ['-c', conf, '-p', prefix, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  t.after(async () => {
    if (child.exitCode === null) child.kill('SIGQUIT');
    const late = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(late);
    rmSync(prefix, { recursive: true, force: true });
  });
  await Promise.race([untilListening(port), exited.then(() => Promise.reject(new Error(`nginx exited: ${output}`)))]);
  return `http://127.0.0.1:${port}`;
}

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
