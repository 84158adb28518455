// Per-address quotas and maxLabs held across two demo nodes (separate processes) on one real Redis: a second
// node does not double an address's allowance. All test clients share 127.0.0.1, so they are one address.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ask } from '../helpers/demo-server.ts';
import { startDemoNode, type DemoNode } from '../helpers/child-node.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';

const WINDOW_MS = 1500;
const ENV = {
  SP_SWEEP_INTERVAL_MS: '300',
  SP_REDIS_PREFIX: 'quota-test',
  SP_MAX_CONNECTIONS_PER_ADDRESS: '4',
  SP_LABS_PER_ADDRESS_PER_WINDOW: '2',
  SP_LAB_CREATE_WINDOW_MS: String(WINDOW_MS),
  SP_MAX_LABS: '3',
};

let redis: TestRedis;
let a: DemoNode;
let b: DemoNode;

before(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([
    startDemoNode(redis.url, 'node-a', { env: ENV }),
    startDemoNode(redis.url, 'node-b', { env: ENV }),
  ]);
});
after(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

test('connections per address count across nodes; a closed one frees its place on the other node', async () => {
  const open = [await a.connect(), await a.connect(), await b.connect(), await b.connect()];
  await assert.rejects(b.connect(), /Too many connections from one address \(at most 4\)/);
  await assert.rejects(a.connect(), /Too many connections/);
  open[0]!.disconnect();
  const again = await connectWhenFree(b);
  assert.equal(again.connected, true, 'a place freed on A is usable on B');
  for (const s of [...open, again]) s.disconnect();
});

/** Connects once a place is free: a closed connection's place is given back to Redis a moment after it closes. */
async function connectWhenFree(node: DemoNode) {
  for (let i = 0; ; i++) {
    try {
      return await node.connect();
    } catch (err) {
      if (i >= 40) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

test('labs created per address per window, and maxLabs, are counted across nodes', async () => {
  // A fresh socket per create (one socket is in one lab), closed after: only the quotas can refuse. The lab it
  // made stays (empty labs wait unsharedLabIdleMs) and counts towards maxLabs.
  const create = async (node: DemoNode) => {
    const socket = await connectWhenFree(node);
    const res = await ask<{ labId: string }>(socket, 'lab:create', { kind: 'emit-sequence', name: 'x' });
    socket.disconnect();
    return res.ok ? 'created' : res.code;
  };
  assert.equal(await create(a), 'created');
  assert.equal(await create(b), 'created');
  assert.equal(await create(a), 'rate-limited', 'two creates on two nodes use up the window');
  await new Promise((r) => setTimeout(r, WINDOW_MS + 100));
  assert.equal(await create(b), 'created', 'a new window');
  assert.equal(await create(a), 'server-full', 'three labs exist across the two nodes');
});
