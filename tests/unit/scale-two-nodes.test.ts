// The two-node lab with several processes on one Redis: each process runs its own node A and node B, so a lab's
// switches must be the lab's, not the process's. A learner on process 1's node A turns the adapter on; a learner
// on process 2's node B is told, and process 2's node B then broadcasts through the adapter, reaching process 1.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '@redis/client';
import { NODE_PATHS, type TwoNodesMessage, type TwoNodesState } from '../../src/contract/index.ts';
import { ask, next, type TestSocket } from '../helpers/demo-server.ts';
import { startDemoNode } from '../helpers/child-node.ts';
import { startRedis } from '../helpers/redis-server.ts';

const IDLE_MS = 60_000;

test("two processes on Redis share each two-node lab's mode: a switch on one is used and shown by the other", async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const env = { SP_LAB_IDLE_MS: String(IDLE_MS) };
  const [one, two] = await Promise.all([
    startDemoNode(redis.url, 'proc-1', { env }),
    startDemoNode(redis.url, 'proc-2', { env }),
  ]);
  t.after(() => Promise.all([one.stop(), two.stop()]));

  const ana = await one.connect({ path: NODE_PATHS.a });
  const cai = await two.connect({ path: NODE_PATHS.b });
  const created = await ask<{ labId: string }>(ana, 'lab:create', { kind: 'two-nodes', name: 'Ana' });
  assert.ok(created.ok, JSON.stringify(created));
  const { labId } = created.data;
  assert.ok((await ask(cai, 'lab:join', { labId, name: 'Cai' })).ok);

  // The switch is announced: Cai, on the other process, hears the new state.
  const told = next<TwoNodesState>(cai, 'two:state');
  const set = await ask<TwoNodesState>(ana, 'two:mode', { adapter: true });
  assert.deepEqual(set, { ok: true, data: { adapter: true, sticky: false, adapterKind: 'redis-streams' } });
  assert.deepEqual(await told, { adapter: true, sticky: false, adapterKind: 'redis-streams' });

  // And used: process 2's node B sends through the adapter, so Ana on process 1 receives it. The Streams adapter
  // starts reading asynchronously, so send until one crosses; every ack must already say "via the adapter".
  let crossed: TwoNodesMessage | undefined;
  const seen = (m: TwoNodesMessage) => (crossed ??= m);
  (ana as TestSocket).on('two:message' as never, seen as never);
  const seqs: number[] = [];
  for (let i = 0; i < 30 && !crossed; i++) {
    const sent = await ask<{ seq: number; viaAdapter: boolean }>(cai, 'two:broadcast', {});
    assert.ok(sent.ok && sent.data.viaAdapter, JSON.stringify(sent));
    seqs.push(sent.data.seq);
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(crossed, "a broadcast from process 2's node B reaches process 1's node A");
  assert.equal(crossed.from, 'Cai');
  assert.equal(crossed.node, 'b');
  assert.equal(crossed.viaAdapter, true);
  // One counter per lab across processes: a broadcast from process 1 continues it.
  const fromAna = await ask<{ seq: number }>(ana, 'two:broadcast', {});
  assert.ok(fromAna.ok);
  assert.equal(fromAna.data.seq, seqs.at(-1)! + 1);

  // Sticky routing switched on process 2 is what process 1 reports (and its router uses).
  assert.ok((await ask(cai, 'two:mode', { sticky: true })).ok);
  const onOne = await ask<TwoNodesState>(ana, 'two:mode', {});
  assert.deepEqual(onOne, { ok: true, data: { adapter: true, sticky: true, adapterKind: 'redis-streams' } });

  // The lab's switches expire with the lab's idle lifetime, so an abandoned lab leaves nothing behind in Redis.
  const probe = createClient({ url: redis.url });
  probe.on('error', () => undefined);
  await probe.connect();
  t.after(() => (probe.isOpen ? probe.destroy() : undefined));
  const keys = await probe.keys('*two:mode*');
  assert.equal(keys.length, 1, keys.join(' '));
  const ttl = await probe.pTTL(keys[0]!);
  assert.ok(ttl > 0 && ttl <= IDLE_MS, `ttl ${ttl}`);
  await probe.quit();
});
