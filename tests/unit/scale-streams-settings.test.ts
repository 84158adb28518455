// A stream's switches are shared: a learner on the node that does not run the stream changes its rate and stops
// it, and the node that runs it obeys within a renewal; that node's status reports the count the holder reached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MissedStatus, StreamEvent } from '../../src/contract/index.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { silentLogger } from '../../server/log.ts';
import { ask, collect } from '../helpers/demo-server.ts';
import { labOnBoth, twoNodes } from '../helpers/two-nodes.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('switches flipped on the node that does not run the stream reach the one that does', async (t) => {
  const { redis, a, b } = await twoNodes(t, { leaseTtlMs: 1000, leaseRenewMs: 200 });
  const inspect = await connectRedis(redis.url, silentLogger);
  t.after(() => inspect.client.destroy()); // runs after Redis stopped: destroy, not quit
  const { labId, onFirst, onSecond } = await labOnBoth(a, b);
  assert.ok((await ask(onFirst, 'missed:configure', { running: true, rate: 2 })).ok);
  for (let i = 0; i < 50; i++) {
    if ((await inspect.client.sendCommand(['GET', `test:lease:missed:${labId}`])) !== null) break;
    await wait(20);
  }
  const holder = String(await inspect.client.sendCommand(['GET', `test:lease:missed:${labId}`]));
  const other = holder === 'node-a' ? onSecond : onFirst;
  const events = collect<StreamEvent>(other, 'missed:event');
  assert.ok((await ask(other, 'missed:subscribe', {})).ok);

  // Faster, from the other node: the holder ticks at the new rate after its next renewal.
  const faster = await ask<MissedStatus>(other, 'missed:configure', { rate: 20 });
  assert.ok(faster.ok);
  assert.deepEqual([faster.data.running, faster.data.rate], [true, 20], 'the reply shows the shared switches');
  await wait(400);
  const from = events.length;
  await wait(1000);
  assert.ok(events.length - from >= 10, `about 20 a second now, not 2 (${events.length - from} in 1 s)`);

  // Stopped from the other node: within a renewal nothing more is sent, anywhere.
  assert.ok((await ask(other, 'missed:configure', { running: false })).ok);
  await wait(500);
  const stoppedAt = events.length;
  await wait(600);
  assert.equal(events.length, stoppedAt, 'the holder stopped');
  const status = await ask<MissedStatus>(other, 'missed:status', {});
  assert.ok(status.ok);
  assert.equal(status.data.running, false);
  assert.equal(status.data.sent, events[events.length - 1]!.seq, "the other node reports the holder's count");
});
