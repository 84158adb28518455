// The queue lab with its members on two nodes (separate processes on one Redis): each node keeps its own consumer
// sockets, but both must run the lab's one queue. A settings change on node A is the version node B runs too, and
// a message published on A reaches a consumer on B, whose ack settles it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_QUEUE_SETTINGS, type QueueDelivery, type QueueLabState } from '../../src/contract/index.ts';
import { ask, next, type TestSocket } from '../helpers/demo-server.ts';
import { startNode } from '../helpers/demo-node.ts';
import { startRedis } from '../helpers/redis-server.ts';

/** Asks node B for the lab's queue until `ok` holds (the change travels by pub/sub), at most 3 s. */
async function stateUntil(socket: TestSocket, ok: (s: QueueLabState) => boolean): Promise<QueueLabState> {
  let last: QueueLabState | undefined;
  for (let i = 0; i < 30; i++) {
    const res = await ask<QueueLabState>(socket, 'queue:state', {});
    assert.ok(res.ok, JSON.stringify(res));
    last = res.data;
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`node B never ran the changed queue: ${JSON.stringify(last)}`);
}

test('queue lab on two nodes: a change on A is the queue B runs; a job published on A is delivered on B', async (t) => {
  const redis = await startRedis();
  t.after(() => redis.stop());
  const [a, b] = await Promise.all([startNode(redis.url, 'queue-a'), startNode(redis.url, 'queue-b')]);
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
