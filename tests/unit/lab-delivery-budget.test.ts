// The node's half of the shared delivery budget, with a fake Redis counter and a manual clock: reservations
// come in chunks (not one round-trip per delivery), what does not fit waits in order, the window ends when
// Redis's second does, and a failing Redis leaves the lab to the node's own budget, said in the log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../server/clock.ts';
import { LabDeliveries } from '../../server/deliveries.ts';
import type { Logger } from '../../server/log.ts';
import { SharedDeliveryBudget, type Reserve } from '../../server/scale/lab-delivery-budget.ts';

/** A Redis counter per second, answered when the test says so (`answer()`), as RESERVE would. */
function fakeRedis(clock: ManualClock, budget: number) {
  const used = new Map<number, number>();
  const pending: Array<() => void> = [];
  const asks: number[] = [];
  let failing = false;
  const reserve: Reserve = (_labId, want) =>
    new Promise((resolve, reject) => {
      asks.push(want);
      pending.push(() => {
        if (failing) return reject(new Error('connection lost'));
        const second = Math.floor(clock.now() / 1000);
        const grant = Math.max(0, Math.min(want, budget - (used.get(second) ?? 0)));
        used.set(second, (used.get(second) ?? 0) + grant);
        resolve([grant, 1000 - (clock.now() % 1000)]);
      });
    });
  const answer = async () => {
    while (pending.length) pending.shift()!();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  return { reserve, answer, asks, fail: () => (failing = true) };
}

const lines: string[] = [];
const logger: Logger = {
  info: (e) => lines.push(e),
  warn: (e) => lines.push(e),
  error: (e) => lines.push(e),
};

test('spends from chunks reserved ahead: one reservation per chunk, none per delivery', async () => {
  const clock = new ManualClock(10_000);
  const redis = fakeRedis(clock, 100);
  const budget = new SharedDeliveryBudget(100, 10, clock, redis.reserve);
  assert.equal(budget.take('lab', 3), true, 'the first take of a second spends the credit, without waiting');
  assert.deepEqual(redis.asks, [13], 'and reserves what it spent plus a chunk ahead');
  await redis.answer();
  for (let i = 0; i < 3; i++) assert.equal(budget.take('lab', 3), true);
  assert.deepEqual(redis.asks, [13, 10], 'asked again (a whole chunk) once the reserve fell below a chunk');
  await redis.answer();
  for (let i = 0; i < 3; i++) assert.equal(budget.take('lab', 3), true);
  assert.deepEqual(redis.asks, [13, 10, 10], '21 deliveries, three round-trips');
});

test('what does not fit waits for the reservation, in order; past the budget it is refused', async () => {
  const clock = new ManualClock(20_000);
  const redis = fakeRedis(clock, 12);
  const budget = new SharedDeliveryBudget(12, 4, clock, redis.reserve);
  const order: string[] = [];
  assert.equal(budget.take('lab', 4), true);
  const big = budget.take('lab', 6);
  const small = budget.take('lab', 1);
  assert.ok(big instanceof Promise && small instanceof Promise, 'both wait: the small one keeps its place');
  void big.then((ok) => order.push(`big ${ok}`));
  void small.then((ok) => order.push(`small ${ok}`));
  await redis.answer();
  await redis.answer();
  assert.deepEqual(order, ['big true', 'small true']);
  assert.equal(await budget.take('lab', 4), false, 'the budget of 12 is gone for this second');
  clock.advance(1000);
  assert.equal(budget.take('lab', 4), true, 'a new second, a new budget');
});

test('a failing Redis: the waiting take and the next ones use the node budget, logged once each way', async () => {
  const clock = new ManualClock(30_000);
  const redis = fakeRedis(clock, 100);
  let reachable = true;
  const shared = new SharedDeliveryBudget(100, 2, clock, redis.reserve, () => reachable);
  const deliveries = new LabDeliveries(5, clock);
  deliveries.share(shared, logger);
  assert.equal(deliveries.scope(), 'across-nodes');
  assert.equal(deliveries.take('lab', 2), undefined, 'spent from the credit at once');
  const waiting = deliveries.take('lab', 2);
  assert.ok(waiting instanceof Promise);
  redis.fail();
  await redis.answer();
  await waiting;
  assert.equal(deliveries.scope(), 'per-node');
  assert.deepEqual(lines, ['deliveries.per-node']);
  assert.throws(() => deliveries.take('lab', 5), /at most 5 deliveries/, "the node's own bucket had 5, 2 are spent");
  reachable = false;
  clock.advance(1000);
  assert.equal(deliveries.scope(), 'per-node', 'Redis still unreachable');
  reachable = true;
  assert.equal(deliveries.scope(), 'across-nodes');
  deliveries.take('lab', 1);
  assert.deepEqual(lines, ['deliveries.per-node', 'deliveries.across-nodes']);
});
