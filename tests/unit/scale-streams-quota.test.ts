// Running-stream quotas per address are counted across nodes in Redis: with a cap of one stream per address, a
// stream running in a lab started on node A fills the address's slot for node B too, and stopping it from node B
// frees the slot for both. Before, each node counted its own, so two nodes doubled the allowance and a stream
// stopped on the other node kept its slot taken on the first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask } from '../helpers/demo-server.ts';
import { labOnBoth, twoNodes } from '../helpers/two-nodes.ts';

test('one stream per address holds across two nodes, and a stop on the other node frees the slot', async (t) => {
  const { a, b } = await twoNodes(t, { maxRunningStreamsPerAddress: 1 });
  const first = await labOnBoth(a, b);
  const second = await labOnBoth(b, a);

  const started = await ask(first.onFirst, 'missed:configure', { running: true, rate: 2 });
  assert.equal(started.ok, true, JSON.stringify(started));

  // The address's one slot is taken on node A: node B refuses a second stream for it.
  const refused = await ask(second.onFirst, 'missed:configure', { running: true, rate: 2 });
  assert.equal(refused.ok, false, 'the second node counts the first node’s stream');
  if (!refused.ok) assert.equal(refused.code, 'rate-limited');

  // Stopped from node B (not where it started): the slot is free for both nodes.
  assert.equal((await ask(first.onSecond, 'missed:configure', { running: false })).ok, true);
  const onB = await ask(second.onFirst, 'missed:configure', { running: true, rate: 2 });
  assert.equal(onB.ok, true, JSON.stringify(onB));

  // And now node A refuses, since node B's stream holds the slot.
  const onA = await ask(first.onFirst, 'missed:configure', { running: true, rate: 2 });
  assert.equal(onA.ok, false, 'node A counts node B’s stream');
});
