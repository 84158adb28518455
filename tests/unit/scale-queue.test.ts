// The queue lab with its members on two nodes (separate processes on one Redis): each node keeps its own consumer
// sockets, but both must run the lab's one queue. A settings change on node A is the version node B runs too, and
// a message published on A reaches a consumer on B, whose ack settles it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_QUEUE_SETTINGS, type QueueDelivery, type QueueLabState } from '../../src/contract/index.ts';
import { createClient } from '@redis/client';
import { ask, collect, next, type TestSocket } from '../helpers/demo-server.ts';
import { startDemoNode } from '../helpers/child-node.ts';
import { startRedis } from '../helpers/redis-server.ts';

/** Asks a node for the lab's queue until `ok` holds (changes travel by pub/sub), at most 3 s. */
async function stateUntil(socket: TestSocket, ok: (s: QueueLabState) => boolean): Promise<QueueLabState> {
  let last: QueueLabState | undefined;
  for (let i = 0; i < 30; i++) {
    const res = await ask<QueueLabState>(socket, 'queue:state', {});
    assert.ok(res.ok, JSON.stringify(res));
    last = res.data;
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`the node never answered with the expected queue: ${JSON.stringify(last)}`);
}

test('queue lab on two nodes: a change on A is the queue B runs; a job published on A is delivered on B', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const [a, b] = await Promise.all([startDemoNode(redis.url, 'queue-a'), startDemoNode(redis.url, 'queue-b')]);
  t.after(() => Promise.all([a.stop(), b.stop()]));

  const producer = await a.connect();
  const created = await ask<{ labId: string }>(producer, 'lab:create', { kind: 'queue-lab', name: 'Producer' });
  assert.ok(created.ok, JSON.stringify(created));
  const { labId } = created.data;
  const consumer = await b.connect();
  assert.ok((await ask(consumer, 'lab:join', { labId, name: 'Ada' })).ok);
  // Ada's queue on B exists before the change: B must follow the announcement, not just read Redis on first use.
  assert.ok((await ask(consumer, 'queue:subscribe', {})).ok);

  const settings = { ...DEFAULT_QUEUE_SETTINGS, prefetch: 3, visibilityMs: 4000, maxDeliveries: 5, dedupe: true };
  const configured = await ask<QueueLabState>(producer, 'queue:configure', settings);
  assert.ok(configured.ok, JSON.stringify(configured));
  const { version } = configured.data;
  const onB = await stateUntil(consumer, (s) => s.version === version);
  assert.deepEqual(onB.settings, settings);
  assert.equal(onB.changedBy, 'Producer');
  assert.deepEqual(
    onB.consumers.map((c) => c.name),
    ['Ada'],
  );

  // A node that first meets the lab after the change (a late joiner on A) starts at the lab's version too.
  const late = await a.connect();
  assert.ok((await ask(late, 'lab:join', { labId, name: 'Ben' })).ok);
  const onA = await ask<QueueLabState>(late, 'queue:state', {});
  assert.ok(onA.ok && onA.data.version === version, JSON.stringify(onA));

  const delivered = next<QueueDelivery>(consumer, 'queue:deliver', 3000);
  const published = await ask<{ status: string }>(producer, 'queue:publish', { text: 'resize photo' });
  assert.ok(published.ok && published.data.status === 'enqueued', JSON.stringify(published));
  const job = await delivered;
  assert.equal(job.text, 'resize photo');
  assert.equal(job.version, version);
  assert.deepEqual(await ask(consumer, 'queue:ack', { tag: job.tag, version: job.version }), {
    ok: true,
    data: { settled: true },
  });
});

test('queue lab on two nodes: one node holds the visibility-timeout tick; kill it and the other takes over', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const nodes = {
    'queue-a': await startDemoNode(redis.url, 'queue-a'),
    'queue-b': await startDemoNode(redis.url, 'queue-b'),
  };
  t.after(() => Promise.all(Object.values(nodes).map((n) => n.stop())));
  const probe = createClient({ url: redis.url });
  probe.on('error', () => undefined);
  await probe.connect();
  t.after(() => (probe.isOpen ? probe.destroy() : undefined));

  const producer = await nodes['queue-a'].connect();
  const created = await ask<{ labId: string }>(producer, 'lab:create', { kind: 'queue-lab', name: 'Producer' });
  assert.ok(created.ok, JSON.stringify(created));
  const { labId } = created.data;
  const settings = { ...DEFAULT_QUEUE_SETTINGS, visibilityMs: 1000, maxDeliveries: null };
  assert.ok((await ask(producer, 'queue:configure', settings)).ok);
  const consumers = {} as Record<keyof typeof nodes, { socket: TestSocket; got: QueueDelivery[] }>;
  for (const [id, node] of Object.entries(nodes) as [keyof typeof nodes, (typeof nodes)['queue-a']][]) {
    const socket = await node.connect();
    assert.ok((await ask(socket, 'lab:join', { labId, name: id })).ok);
    consumers[id] = { socket, got: collect<QueueDelivery>(socket, 'queue:deliver') };
    assert.ok((await ask(socket, 'queue:subscribe', {})).ok);
  }

  // Exactly one node holds the lab's tick lease (before the lease existed, every node ran every timeout).
  const leaseKey = `sp:lease:queue:${labId}`;
  let holder: string | null = null;
  for (let i = 0; i < 30 && !holder; i++) {
    holder = await probe.get(leaseKey);
    if (!holder) await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(holder === 'queue-a' || holder === 'queue-b', `lease holder: ${holder}`);
  const survivor = holder === 'queue-a' ? 'queue-b' : 'queue-a';

  // A job nobody acks, published from the survivor's side; then the holder dies without a clean shutdown.
  const sender = await nodes[survivor].connect();
  assert.ok((await ask(sender, 'lab:join', { labId, name: 'Sender' })).ok);
  assert.ok((await ask(sender, 'queue:publish', { text: 'never acked' })).ok);
  await until(() => consumers['queue-a'].got.length + consumers['queue-b'].got.length === 1, 3000);
  const killedAt = Date.now();
  await nodes[holder as keyof typeof nodes].kill();

  // The survivor takes the lease (once the dead node's expires) and runs the timeout: the job comes back.
  const got = consumers[survivor].got;
  await until(() => got.some((d) => d.redelivered), 8000);
  const tookMs = Date.now() - killedAt;
  assert.equal(await probe.get(leaseKey), survivor);
  assert.equal(got.find((d) => d.redelivered)!.text, 'never acked');
  t.diagnostic(`takeover and redelivery ${tookMs} ms after the kill`);
  await probe.quit();
});

/** Waits for `ok` (deliveries travel by socket, leases by Redis), failing after `ms`. */
async function until(ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) assert.fail(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('queue lab on two nodes: queue:state lists the lab’s consumers on both nodes; a dead node’s drop out', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  // A short heartbeat (written every sweep, kept for three), so a killed node's consumers expire within a second.
  const env = { SP_SWEEP_INTERVAL_MS: '200' };
  const [a, b] = await Promise.all([
    startDemoNode(redis.url, 'queue-a', { env }),
    startDemoNode(redis.url, 'queue-b', { env }),
  ]);
  t.after(() => Promise.all([a.stop(), b.stop()]));

  const onA = await a.connect();
  const created = await ask<{ labId: string }>(onA, 'lab:create', { kind: 'queue-lab', name: 'Ada' });
  assert.ok(created.ok, JSON.stringify(created));
  const { labId } = created.data;
  const onB = await b.connect();
  assert.ok((await ask(onB, 'lab:join', { labId, name: 'Ben' })).ok);
  const ben2 = await b.connect();
  assert.ok((await ask(ben2, 'lab:join', { labId, name: 'Cy' })).ok);
  for (const socket of [onA, onB, ben2]) assert.ok((await ask(socket, 'queue:subscribe', {})).ok);

  const names = (s: QueueLabState) => s.consumers.map((c) => c.name).join(',');
  // Before the shared list, each node answered with its own consumers only ("Ada" on A, "Ben,Cy" on B).
  const fromA = await stateUntil(onA, (s) => names(s) === 'Ada,Ben,Cy');
  const fromB = await stateUntil(onB, (s) => names(s) === 'Ada,Ben,Cy');
  assert.deepEqual(fromA.consumers, fromB.consumers);
  assert.deepEqual(
    fromA.consumers.map((c) => c.id),
    [onA.id, onB.id, ben2.id],
  );

  // A consumer leaving on B is off the list A answers with.
  ben2.disconnect();
  await stateUntil(onA, (s) => names(s) === 'Ada,Ben');

  // Node B dies without a clean shutdown: once its heartbeat expires, its consumer is off the list too.
  await b.kill();
  await stateUntil(onA, (s) => names(s) === 'Ada');
});
