// The two-node lab: node A and node B are real Socket.IO servers on their own paths; real clients on each, real
// HTTP through the router. Without the adapter B's clients miss A's broadcast; with it everyone gets it; without
// sticky routing the second polling request meets Engine.IO's real "Session ID unknown".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { ask, collect, next, startTestServer, type TestServer } from '../helpers/demo-server.ts';
import { startRedis } from '../helpers/redis-server.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { redisScale } from '../../server/scale/context.ts';
import { silentLogger } from '../../server/log.ts';
import { NODE_PATHS, TWO_NODES_ROUTER_PATH, type NodeName } from '../../src/contract/index.ts';
import type { DemoServerOptions } from '../../server/app.ts';

type T = { after(fn: () => Promise<void> | void): void };

function onNode(server: TestServer, node: NodeName): Promise<Socket> {
  const socket = io(server.url, {
    path: NODE_PATHS[node],
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** A lab with Ana and Ben on node A and Cai on node B. */
async function twoNodeLab(t: T, options: DemoServerOptions = {}) {
  const server = await startTestServer(options);
  const sockets: Socket[] = [];
  t.after(async () => {
    for (const s of sockets) s.disconnect();
    await server.close();
  });
  const [ana, ben, cai] = await Promise.all([onNode(server, 'a'), onNode(server, 'a'), onNode(server, 'b')]);
  sockets.push(ana!, ben!, cai!);
  const created = await ask<{ labId: string }>(ana as never, 'lab:create', { kind: 'two-nodes', name: 'Ana' });
  assert.ok(created.ok);
  const labId = created.data.labId;
  for (const [s, name] of [
    [ben, 'Ben'],
    [cai, 'Cai'],
  ] as const) {
    assert.ok((await ask(s as never, 'lab:join', { labId, name })).ok);
  }
  return { server, labId, ana: ana!, ben: ben!, cai: cai! };
}

test("no adapter: io.to(lab).emit on node A reaches only A's sockets; B's client really misses it", async (t) => {
  const { ana, ben, cai } = await twoNodeLab(t);
  const onCai = collect<{ seq: number }>(cai as never, 'two:message');
  const onA = Promise.all([next(ana as never, 'two:message'), next(ben as never, 'two:message')]);
  const sent = await ask<{ seq: number; node: string; viaAdapter: boolean }>(ana as never, 'two:broadcast', {});
  assert.deepEqual(sent, { ok: true, data: { seq: 1, node: 'a', viaAdapter: false } });
  const [toAna, toBen] = await onA;
  assert.deepEqual(toAna, { seq: 1, from: 'Ana', node: 'a', viaAdapter: false });
  assert.deepEqual(toBen, toAna);
  // Switch the adapter on and send again: the bus keeps order, so when Cai has #2 it would have had #1 before it.
  assert.ok((await ask(ana as never, 'two:mode', { adapter: true })).ok);
  const second = next(cai as never, 'two:message');
  await ask(ana as never, 'two:broadcast', {});
  await second;
  assert.deepEqual(
    onCai.map((m) => m.seq),
    [2],
  );
});

test('with the adapter: a broadcast from node B reaches every socket of the lab on both nodes', async (t) => {
  const { ana, ben, cai } = await twoNodeLab(t);
  const state = await ask(cai as never, 'two:mode', { adapter: true });
  assert.deepEqual(state, { ok: true, data: { adapter: true, sticky: false, adapterKind: 'in-process' } });
  const arrivals = Promise.all([ana, ben, cai].map((s) => next<{ node: string }>(s as never, 'two:message')));
  await ask(cai as never, 'two:broadcast', {});
  for (const m of await arrivals) assert.deepEqual(m, { seq: 1, from: 'Cai', node: 'b', viaAdapter: true });
});

test("the mode reaches the lab's sockets on both nodes, and another lab keeps its own", async (t) => {
  const { ana, cai, server } = await twoNodeLab(t);
  const other = await onNode(server, 'b');
  t.after(() => void other.disconnect());
  assert.ok((await ask(other as never, 'lab:create', { kind: 'two-nodes', name: 'Zed' })).ok);
  const otherState = collect(other as never, 'two:state');
  const seen = next(cai as never, 'two:state');
  await ask(ana as never, 'two:mode', { sticky: true });
  assert.deepEqual(await seen, { adapter: false, sticky: true, adapterKind: 'in-process' });
  const own = await ask<{ sticky: boolean }>(other as never, 'two:mode', {});
  assert.ok(own.ok && own.data.sticky === false);
  assert.equal(otherState.length, 1, 'only its own (empty) change');
});

test('fetchSockets on node A counts both nodes with the adapter, only its own without', async (t) => {
  const { ana } = await twoNodeLab(t);
  const alone = await ask(ana as never, 'two:count', {});
  assert.deepEqual(alone, { ok: true, data: { asked: 'a', viaAdapter: false, total: 2, byNode: { a: 2, b: 0 } } });
  await ask(ana as never, 'two:mode', { adapter: true });
  const everywhere = await ask(ana as never, 'two:count', {});
  assert.deepEqual(everywhere, { ok: true, data: { asked: 'a', viaAdapter: true, total: 3, byNode: { a: 2, b: 1 } } });
});

test("serverSideEmit from node A is answered by node B with its count of the lab's sockets", async (t) => {
  const { ana } = await twoNodeLab(t);
  assert.deepEqual(await ask(ana as never, 'two:ping', {}), {
    ok: true,
    data: { from: 'a', viaAdapter: false, replies: [] },
  });
  await ask(ana as never, 'two:mode', { adapter: true });
  assert.deepEqual(await ask(ana as never, 'two:ping', {}), {
    ok: true,
    data: { from: 'a', viaAdapter: true, replies: [{ node: 'b', sockets: 1 }] },
  });
});

test('two:* refuses a bad payload and a socket outside a lab', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const loner = await onNode(server, 'a');
  t.after(() => void loner.disconnect());
  const noLab = await ask(loner as never, 'two:broadcast', {});
  assert.ok(!noLab.ok && noLab.code === 'no-lab');
  assert.ok((await ask(loner as never, 'lab:create', { kind: 'two-nodes', name: 'Ana' })).ok);
  const bad = await ask(loner as never, 'two:mode', { adapter: 'yes' });
  assert.ok(!bad.ok && bad.code === 'invalid-payload');
  const extra = await ask(loner as never, 'two:broadcast', { text: 'x' });
  assert.ok(!extra.ok && extra.code === 'invalid-payload');
});

/** One polling request through the router: which node answered, the status and the body. */
async function route(server: TestServer, labId: string, method: 'GET' | 'POST', sid?: string, body?: string) {
  const q = new URLSearchParams({ lab: labId, EIO: '4', transport: 'polling', ...(sid ? { sid } : {}) });
  const res = await fetch(`${server.url}${TWO_NODES_ROUTER_PATH}?${q}`, {
    method,
    ...(body ? { body, headers: { 'content-type': 'text/plain;charset=UTF-8' } } : {}),
  });
  return { node: res.headers.get('x-two-nodes-node'), status: res.status, text: await res.text() };
}

const sidOf = (handshake: string) => (JSON.parse(handshake.slice(1)) as { sid: string }).sid;

test('polling without sticky routing: the second request lands on node B, which answers 400 Session ID unknown', async (t) => {
  const { server, labId } = await twoNodeLab(t);
  const hello = await route(server, labId, 'GET');
  assert.equal(hello.node, 'a');
  assert.equal(hello.status, 200);
  const sid = sidOf(hello.text);
  const connect = await route(server, labId, 'POST', sid, '40');
  assert.deepEqual(connect, { node: 'b', status: 400, text: '{"code":1,"message":"Session ID unknown"}' });
});

test('polling with sticky routing: every request of the session goes to the node that made it', async (t) => {
  const { server, labId, ana } = await twoNodeLab(t);
  await ask(ana as never, 'two:mode', { sticky: true });
  const hello = await route(server, labId, 'GET');
  const sid = sidOf(hello.text);
  const connect = await route(server, labId, 'POST', sid, '40');
  assert.deepEqual(connect, { node: hello.node, status: 200, text: 'ok' });
  const reply = await route(server, labId, 'GET', sid);
  assert.equal(reply.node, hello.node);
  assert.equal(reply.status, 200);
  assert.match(reply.text, /^40\{"sid":"[^"]+"\}$/);
});

test('the router refuses requests without a known lab, and a lab over its request budget', async (t) => {
  const { server, labId } = await twoNodeLab(t, { limits: { pollsPerSecondPerLab: 1, pollBurstPerLab: 2 } });
  assert.equal((await fetch(`${server.url}${TWO_NODES_ROUTER_PATH}?EIO=4&transport=polling`)).status, 400);
  assert.equal((await fetch(`${server.url}${TWO_NODES_ROUTER_PATH}?lab=zzzzzzzz&EIO=4`)).status, 404);
  const statuses = [];
  for (let i = 0; i < 3; i++) statuses.push((await route(server, labId, 'GET')).status);
  assert.deepEqual(statuses, [200, 200, 429]);
});

test('with REDIS_URL the nodes use the Redis Streams adapter: B hears A, and the lab says so', async (t) => {
  const redis = await startRedis();
  const conn = await connectRedis(redis.url, silentLogger);
  t.after(async () => {
    await conn.close();
    await redis.stop();
  });
  const { ana, cai } = await twoNodeLab(t, { scale: redisScale(conn, 'node-1', 'two-nodes-test') });
  const state = await ask<{ adapterKind: string }>(ana as never, 'two:mode', { adapter: true });
  assert.ok(state.ok && state.data.adapterKind === 'redis-streams');
  // The adapters find each other by heartbeats over the stream: wait until A counts B's socket.
  let total = 0;
  for (let i = 0; i < 100 && total < 3; i++) {
    const count = await ask<{ total: number }>(ana as never, 'two:count', {});
    total = count.ok ? count.data.total : 0;
    if (total < 3) await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(total, 3);
  const got = next(cai as never, 'two:message');
  await ask(ana as never, 'two:broadcast', {});
  assert.deepEqual(await got, { seq: 1, from: 'Ana', node: 'a', viaAdapter: true });
  assert.deepEqual(await ask(ana as never, 'two:ping', {}), {
    ok: true,
    data: { from: 'a', viaAdapter: true, replies: [{ node: 'b', sockets: 1 }] },
  });
});

test("a broadcast spends the lab's delivery budget for every socket it reaches, on both nodes", async (t) => {
  const { ana } = await twoNodeLab(t, { limits: { labDeliveriesPerSecond: 4 } });
  await ask(ana as never, 'two:mode', { adapter: true }); // 3 copies of two:state
  const refused = await ask(ana as never, 'two:broadcast', {}); // 3 more: over the 4 a second
  assert.ok(!refused.ok && refused.code === 'rate-limited');
});

test("without the adapter a broadcast costs only the sender node's sockets", async (t) => {
  const { cai } = await twoNodeLab(t, { limits: { labDeliveriesPerSecond: 2 } });
  // Cai is alone on node B: one copy each, twice, fits the 2 a second; a third does not.
  assert.ok((await ask(cai as never, 'two:broadcast', {})).ok);
  assert.ok((await ask(cai as never, 'two:broadcast', {})).ok);
  const third = await ask(cai as never, 'two:broadcast', {});
  assert.ok(!third.ok && third.code === 'rate-limited');
});

test('hostile requests through the router get a 4xx from Engine.IO, and the server keeps serving', async (t) => {
  const { server, labId, ana } = await twoNodeLab(t);
  const base = `${server.url}${TWO_NODES_ROUTER_PATH}?lab=${labId}`;
  const statuses = [];
  for (const q of [
    '&EIO=3&transport=polling',
    '&EIO=4&transport=carrier-pigeon',
    `&EIO=4&transport=polling&sid=${'x'.repeat(500)}`,
    '&EIO=4&transport=websocket',
  ]) {
    statuses.push((await fetch(base + q)).status);
  }
  assert.ok(
    statuses.every((s) => s >= 400 && s < 500),
    `statuses ${statuses.join(' ')}`,
  );
  assert.ok((await ask(ana as never, 'two:count', {})).ok);
});
