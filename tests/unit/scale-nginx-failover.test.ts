// Failover through deploy/nginx.conf: two real nodes (server/index.ts) on one Redis behind Debian's nginx running
// the reference file. Two clients (one on WebSocket, one long-polling) reach the same node through nginx, sit in
// one missed-events lab with the stream running, and keep their last offset, as the widget's "offset" strategy
// does. Their node is killed (SIGKILL): each must reconnect through nginx to the survivor on its own (Socket.IO's
// reconnection, no new URL), be back in its lab under its own name (the member secret of its last join reply, in
// the handshake and in lab:join, as the widgets' lab session sends it), and hold every logged offset without a gap.
// The test fails if nginx kept sending to the dead node (no reconnection), if the clients bypassed nginx (they
// only know nginx's port, and the node that answers says its own), or if the replay missed an offset.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import type { AckResult, LabInfo, LabSockets, RoomsSnapshot, StreamEvent } from '../../src/contract/index.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { silentLogger } from '../../server/log.ts';
import { launchNginx } from '../helpers/nginx.ts';
import { sparePort, startRedis } from '../helpers/redis-server.ts';
import { spawnNode } from '../helpers/child-node.ts';
import { tinySite } from '../helpers/tiny-site.ts';

const PREFIX = 'failover-test';
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

function ask<T>(socket: Socket, event: string, payload: unknown): Promise<AckResult<T>> {
  return socket.timeout(5000).emitWithAck(event, payload);
}

async function until(what: string, ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await wait(50);
  }
}

/** A lab member that rejoins and replays after every reconnect, as src/widgets/missed-events/clients.ts does. */
interface Member {
  name: string;
  socket: Socket;
  events: StreamEvent[];
  joins: LabInfo[];
  /** Refusals after a reconnect (the first connect rejects the promise instead). */
  errors: string[];
  lastOffset?: string;
  /** The member secret from the last join reply: it gets the name back while the dead node still holds it. */
  secret?: string;
}

function member(url: string, name: string, transport: 'websocket' | 'polling', labId?: string): Promise<Member> {
  // Short backoff: the test is about where the client lands, not how long the default backoff waits.
  const socket = io(url, {
    forceNew: true,
    transports: [transport],
    reconnectionDelay: 200,
    reconnectionDelayMax: 500,
  });
  const m: Member = { name, socket, events: [], joins: [], errors: [] };
  let lastSeq = 0;
  socket.on('missed:event', (e: StreamEvent) => {
    m.events.push(e);
    if (e.seq > lastSeq) {
      lastSeq = e.seq;
      m.lastOffset = e.offset;
    }
  });
  return new Promise((resolve, reject) => {
    socket.on('connect', async () => {
      const res = labId
        ? await ask<LabInfo>(socket, 'lab:join', { labId, name, kind: 'missed-events', secret: m.secret })
        : await ask<LabInfo>(socket, 'lab:create', { kind: 'missed-events', name });
      const fail = (error: string) => (m.errors.push(error), reject(new Error(`${name}: ${error}`)));
      if (!res.ok) return fail(res.error);
      labId = res.data.labId;
      m.secret = res.data.secret;
      socket.auth = { labId, name, secret: m.secret };
      m.joins.push(res.data);
      const sub = await ask(socket, 'missed:subscribe', m.lastOffset ? { afterOffset: m.lastOffset } : {});
      if (!sub.ok) return fail(`subscribe: ${sub.error}`);
      resolve(m);
    });
  });
}

const health = async (port: number) =>
  (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { node: string; sockets: number };

test('a node killed behind nginx: its clients are back through nginx, in their lab, with no gap', async (t) => {
  const redis = await startRedis();
  const site = tinySite();
  const ports = [await sparePort(), await sparePort()];
  const nodes = ports.map((port, i) =>
    spawnNode('server/index.ts', {
      PORT: String(port),
      REDIS_URL: redis.url,
      SP_REDIS_PREFIX: PREFIX,
      SP_NODE_ID: `node-${'ab'[i]}`,
      SP_DIST_DIR: site.dir,
      // Short leases so the stream's takeover takes about a second; the defaults follow the same rules, slower.
      SP_LEASE_TTL_MS: '1000',
      SP_LEASE_RENEW_MS: '250',
    }),
  );
  const inspect = await connectRedis(redis.url, silentLogger);
  t.after(async () => {
    inspect.client.destroy();
    await Promise.all(nodes.map((n) => n.stop()));
    await redis.stop();
    site.remove();
  });
  await Promise.all(nodes.map((n) => n.waitFor((l) => l.event === 'server.listening', 'server.listening')));
  const nginx = await launchNginx(ports);
  t.after(() => nginx.stop());

  const ada = await member(nginx.url, 'Ada', 'websocket');
  const labId = ada.joins[0]!.labId;
  const bea = await member(nginx.url, 'Bea', 'polling', labId);
  const both = [ada, bea];
  t.after(() => both.forEach((m) => m.socket.close()));
  assert.ok((await ask(ada.socket, 'missed:configure', { running: true, rate: 10 })).ok);
  await until('events before the kill', () => both.every((m) => m.events.length >= 5));

  // ip_hash: both come from 127.0.0.1, so nginx put both on one node. That node dies.
  const counts = await Promise.all(ports.map(async (p) => (await health(p)).sockets));
  const doomed = counts.indexOf(2);
  assert.deepEqual([...counts].sort(), [0, 2], `both clients on one node through nginx (${counts})`);
  const survivor = 1 - doomed;
  const where = async (m: Member) => await ask<LabSockets>(m.socket, 'sockets:watch', {});
  const before = await where(ada);
  assert.ok(before.ok && before.data.listening.port === ports[doomed], 'the node that answers is behind nginx');
  const lastBefore = Math.max(...both.flatMap((m) => m.events.map((e) => e.seq)));

  nodes[doomed]!.child.kill('SIGKILL');
  await nodes[doomed]!.exited;
  await until('both rejoined through nginx', () => {
    const errors = both.flatMap((m) => m.errors);
    if (errors.length) throw new Error(`a rejoin was refused: ${errors.join('; ')}`);
    return both.every((m) => m.joins.length === 2 && m.socket.connected);
  });
  await until('the stream continues on the survivor', () =>
    both.every((m) => m.events.some((e) => !e.replayed && e.seq > lastBefore + 5)),
  );

  for (const m of both) {
    assert.equal(m.joins[1]!.labId, labId, `${m.name} is back in its lab`);
    const after = await where(m);
    assert.ok(after.ok && after.data.listening.port === ports[survivor], `${m.name} landed on the survivor`);
  }
  // The dead node's members stay on the lab's roster, their names taken, until its heartbeat expires (three
  // sweep intervals: 90 s by default); the member secret takes each one's place back, so nobody is "Ada 2".
  for (const m of both) assert.equal(m.joins[1]!.name, m.joins[0]!.name, `${m.name} kept the name`);
  const listed = await ask<RoomsSnapshot>(ada.socket, 'rooms:list', {});
  assert.ok(listed.ok, JSON.stringify(listed));
  const roster = listed.data.members.map((m) => [m.id, m.name]).sort((x, y) => x[1]!.localeCompare(y[1]!));
  assert.deepEqual(
    roster,
    [
      [ada.socket.id, 'Ada'],
      [bea.socket.id, 'Bea'],
    ],
    'no ghost of the dead node on the roster',
  );
  assert.equal((await health(ports[survivor]!)).sockets, 2, 'the survivor holds both clients');
  // max_fails=1 (the default): the first failed request to the dead node takes it out of rotation for fail_timeout.
  assert.match(nginx.errorLog(), /upstream server temporarily disabled/, 'nginx took the dead node out');

  // Every offset the log holds from each client's first event on reached it, live or replayed, as logged.
  const raw = (await inspect.client.sendCommand(['XRANGE', `${PREFIX}:log:missed:${labId}`, '-', '+'])) as Array<
    [string, string[]]
  >;
  const logged = new Map(raw.map(([offset, fields]) => [offset, JSON.parse(fields[1]!).seq as number]));
  for (const m of both) {
    for (const e of m.events) assert.equal(logged.get(e.offset), e.seq, `${m.name}: seq ${e.seq} is the logged one`);
    const got = new Set(m.events.map((e) => e.offset));
    const from = m.events[0]!.seq;
    const upTo = Math.max(...m.events.map((e) => e.seq));
    const missing = [...logged].filter(([offset, seq]) => seq >= from && seq <= upTo && !got.has(offset));
    assert.deepEqual(missing, [], `${m.name}: no logged offset missing between seq ${from} and ${upTo}`);
    t.diagnostic(`${m.name}: ${got.size} offsets, ${m.events.length - got.size} duplicates`);
  }
  assert.ok(logged.size > lastBefore + 5, 'the log kept growing after the kill');
});
