// A lab's delivery budget is one budget across nodes: two nodes (separate processes) on one real Redis, a
// member of the lab on each, both sending as fast as they can. Each node alone would allow the whole budget, so
// without sharing the two together deliver twice of it in one second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabInfo } from '../../src/contract/index.ts';
import { ask, type TestSocket } from '../helpers/demo-server.ts';
import { twoNodes } from '../helpers/two-nodes.ts';

const BUDGET = 40;
const CHUNK = 4;
/** What each member tries in one second: more than the whole budget on its own. */
const TRIES = 60;

const LIMITS = {
  labDeliveriesPerSecond: BUDGET,
  labDeliveryChunk: CHUNK,
  // Only the lab's budget may refuse: not the socket's event rate, and refusals must not cut the socket off.
  eventsPerSecond: 1000,
  eventBurst: 1000,
  maxRefusals: 10_000,
};

/** Fires `TRIES` one-recipient emits (a reply costs one delivery) at once; resolves to how many were accepted. */
async function volley(socket: TestSocket): Promise<number> {
  const replies = await Promise.all(
    Array.from({ length: TRIES }, (_, i) =>
      ask(socket, 'emit:send', { variant: 'reply', text: `m${i}`, ref: `r${i}` }),
    ),
  );
  for (const r of replies) if (!r.ok) assert.equal(r.code, 'rate-limited', JSON.stringify(r));
  return replies.filter((r) => r.ok).length;
}

test('two nodes together stay within one lab budget a second (plus one reserved chunk per node)', async (t) => {
  const { a, b } = await twoNodes(t, LIMITS);
  const onA = await a.connect();
  const created = await ask<LabInfo>(onA, 'lab:create', { kind: 'emit-sequence', name: 'Alice' });
  assert.ok(created.ok, JSON.stringify(created));
  const onB = await b.connect();
  const joined = await ask<LabInfo>(onB, 'lab:join', { labId: created.data.labId, name: 'Bob' });
  assert.ok(joined.ok, JSON.stringify(joined));

  // Redis counts by its own clock's second, which on this machine is ours: start just after a second begins and
  // count only a volley that ended within that second (one that straddles two seconds is tried again).
  for (let attempt = 0; ; attempt++) {
    await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
    const second = Math.floor(Date.now() / 1000);
    const [fromA, fromB] = await Promise.all([volley(onA), volley(onB)]);
    if (Math.floor(Date.now() / 1000) !== second) {
      assert.ok(attempt < 4, 'a volley fits in one second');
      continue;
    }
    const total = fromA + fromB;
    t.diagnostic(`deliveries in one second: A ${fromA}, B ${fromB}, total ${total} (budget ${BUDGET})`);
    assert.ok(total <= BUDGET + 2 * CHUNK, `${total} deliveries (A ${fromA}, B ${fromB}) in one second`);
    assert.ok(total >= BUDGET - 2 * CHUNK, `the budget is spent, not refused: ${total}`);
    assert.ok(fromA > 0 && fromB > 0, `both nodes deliver: A ${fromA}, B ${fromB}`);
    break;
  }
});
