// A leave that cannot reach Redis is kept and sent again once Redis is back: the learner who closed a tab
// during the outage does not stay on the lab's roster (holding their name) until the lab expires.
// The outage is a cut between one node and a real redis-server that keeps its data (a network partition, or a
// Redis restarted from its saved data): a TCP relay the test closes and opens again on the same port. Stopping
// redis-server itself would not do: restarted with nothing saved, it comes back without the lab at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, connect as tcpConnect, type Server, type Socket as TcpSocket } from 'node:net';
import { startRedis, sparePort } from '../helpers/redis-server.ts';
import { spawnNode } from '../helpers/child-node.ts';
import { ask, connectClient } from '../helpers/plain-client.ts';
import { tinySite } from '../helpers/tiny-site.ts';

/** A TCP relay to `target` on `port`: cut() drops every connection and stops listening; mend() listens again. */
function relay(port: number, target: number) {
  const open = new Set<TcpSocket>();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createServer((inbound) => {
        const outbound = tcpConnect(target, '127.0.0.1');
        open.add(inbound).add(outbound);
        inbound.pipe(outbound).pipe(inbound);
        const drop = () => {
          inbound.destroy();
          outbound.destroy();
          open.delete(inbound);
          open.delete(outbound);
        };
        inbound.once('error', drop).once('close', drop);
        outbound.once('error', drop).once('close', drop);
      });
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
  return {
    listen,
    cut: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        open.clear();
        server!.close(() => resolve());
      }),
  };
}

type Health = { redis: { reachable: boolean } };
type Joined = { labId: string; members: number; name: string };

/** One node whose Redis link the test can cut, with a lab made by Alice and joined by `others`. */
async function nodeWithLab(t: { after(fn: () => unknown): void }, others: string[], env: Record<string, string> = {}) {
  const redis = await startRedis();
  const port = await sparePort();
  const relayPort = await sparePort();
  const cable = relay(relayPort, redis.port);
  await cable.listen();
  const site = tinySite();
  const node = spawnNode('server/index.ts', {
    PORT: String(port),
    REDIS_URL: `redis://127.0.0.1:${relayPort}`,
    SP_NODE_ID: 'cut-off',
    SP_REDIS_PREFIX: 'leave-retry',
    SP_DIST_DIR: site.dir,
    ...env,
  });
  let cut = false;
  const sockets: Array<{ close(): unknown }> = [];
  t.after(async () => {
    for (const s of sockets) s.close();
    await node.stop();
    if (cut) await cable.listen().catch(() => undefined);
    await cable.cut();
    await redis.stop();
    site.remove();
  });
  const base = `http://127.0.0.1:${port}`;
  await node.waitFor((l) => l.event === 'server.listening', 'server.listening');
  const client = async () => {
    const socket = await connectClient(base, ['websocket']);
    sockets.push(socket);
    return socket;
  };
  const alice = await client();
  const made = await ask<Joined>(alice, 'lab:create', { kind: 'emit-sequence', name: 'Alice' });
  assert.ok(made.ok, JSON.stringify(made));
  const labId = made.data.labId;
  const members = [];
  for (const name of others) {
    const socket = await client();
    const joined = await ask<Joined>(socket, 'lab:join', { labId, name });
    assert.deepEqual(joined.ok && joined.data.name, name);
    members.push(socket);
  }
  return {
    node,
    members,
    /** Joins the lab as `name` through the node: what the shared roster says now. */
    join: async (name: string) => {
      const res = await ask<Joined>(await client(), 'lab:join', { labId, name });
      assert.ok(res.ok, JSON.stringify(res));
      // Without the member secret, which is new on every join: what the roster says.
      return { labId: res.data.labId, members: res.data.members, name: res.data.name };
    },
    async cut() {
      await cable.cut();
      cut = true;
      await node.waitFor((l) => l.event === 'redis.lost', 'redis.lost');
      const health = (await (await fetch(`${base}/healthz`)).json()) as Health;
      assert.equal(health.redis.reachable, false);
    },
    async mend() {
      await cable.listen();
      cut = false;
    },
  };
}

/** Waits for the `n`th log line with this event, and returns it. */
function nth(node: ReturnType<typeof spawnNode>, event: string, n: number) {
  const seen = new Set<object>();
  return node.waitFor((l) => l.event === event && (seen.add(l), seen.size >= n), `${n} × ${event}`);
}

test('a leave sent while Redis is cut off is retried when it is back: the roster and the name are freed', async (t) => {
  const lab = await nodeWithLab(t, ['Bob']);
  await lab.cut();
  lab.members[0].close();
  await nth(lab.node, 'lab.leave.failed', 1);
  await lab.mend();
  const retried = await nth(lab.node, 'labs.leave.retried', 1);
  assert.deepEqual([retried.leaves, retried.failed], [1, 0]);

  // Carol, asking for Bob's name, gets it: Bob is off the roster, and the lab counts Alice and Carol.
  assert.deepEqual(await lab.join('Bob'), { ...(await lab.join('Carol')), members: 2, name: 'Bob' });
});

test('SP_MAX_PENDING_LEAVES bounds the kept leaves: past it the oldest is dropped, and said so', async (t) => {
  const lab = await nodeWithLab(t, ['Bob', 'Dan'], { SP_MAX_PENDING_LEAVES: '1' });
  await lab.cut();
  lab.members[0].close();
  await nth(lab.node, 'lab.leave.failed', 1);
  lab.members[1].close();
  await nth(lab.node, 'lab.leave.failed', 2);
  assert.equal((await nth(lab.node, 'labs.leave.dropped', 1)).kept, 1);
  await lab.mend();
  const retried = await nth(lab.node, 'labs.leave.retried', 1);
  assert.deepEqual([retried.leaves, retried.failed], [1, 0]);
  // Dan's leave (the newer) was sent; Bob's was dropped, so Bob is still on the roster with his name.
  const now = await lab.join('Bob');
  assert.deepEqual([now.members, now.name], [3, 'Bob 2']);
  assert.equal((await lab.join('Dan')).name, 'Dan');
});
