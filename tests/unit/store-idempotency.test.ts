import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../server/clock.ts';
import { ExpiringMap } from '../../server/store/expiring-map.ts';
import { InMemoryIdempotencyStore } from '../../server/store/idempotency.ts';

function makeStore(ttlMs = 1_000, maxKeys = 100) {
  const clock = new ManualClock(0);
  return { clock, store: new InMemoryIdempotencyStore<number>({ clock, ttlMs, maxKeys }) };
}

test('the first offer of a key is new; retries with the same key are seen', async () => {
  const { store } = makeStore();
  assert.equal(await store.seen('pay-1'), false);
  assert.equal(await store.seen('pay-1'), true);
  assert.equal(await store.seen('pay-1'), true);
  assert.equal(await store.seen('pay-2'), false);
});

test('an effect guarded by seen() runs once however often the client retries', async () => {
  const { store } = makeStore();
  let balance = 0;
  async function deposit(key: string, amount: number): Promise<number> {
    if (await store.seen(key)) {
      const record = await store.lookup(key);
      return record?.state === 'done' ? record.result : balance;
    }
    balance += amount;
    await store.complete(key, balance);
    return balance;
  }
  assert.equal(await deposit('k', 10), 10);
  assert.equal(await deposit('k', 10), 10);
  assert.equal(await deposit('k', 10), 10);
  assert.equal(balance, 10);
});

test('concurrent retries cannot both claim the key', async () => {
  const { store } = makeStore();
  const answers = await Promise.all([store.seen('k'), store.seen('k'), store.seen('k')]);
  assert.deepEqual(answers.filter((a) => !a).length, 1);
});

test('keys expire after ttlMs, after which a retry counts as new', async () => {
  const { clock, store } = makeStore(1_000);
  await store.seen('k');
  await store.complete('k', 42);
  clock.advance(999);
  assert.deepEqual(await store.lookup('k'), { state: 'done', result: 42 });
  assert.equal(await store.seen('k'), true);
  clock.advance(1);
  assert.equal(await store.lookup('k'), null);
  assert.equal(await store.seen('k'), false);
});

test('pending until completed; release lets a failed effect be retried', async () => {
  const { store } = makeStore();
  await store.seen('k');
  assert.deepEqual(await store.lookup('k'), { state: 'pending' });
  await store.release('k');
  assert.equal(await store.seen('k'), false);
});

test('the size cap evicts the oldest key early and counts it', async () => {
  const { store } = makeStore(1_000, 2);
  await store.seen('a');
  await store.seen('b');
  await store.seen('c');
  assert.equal(store.size(), 2);
  assert.equal(store.evictions(), 1);
  assert.equal(await store.seen('a'), false, 'a was evicted, so its retry is wrongly treated as new');
  assert.equal(await store.seen('c'), true);
});

test("ExpiringMap.update does not extend a key's life", () => {
  const clock = new ManualClock(0);
  const map = new ExpiringMap<string>({ clock, ttlMs: 10, maxKeys: 5 });
  assert.equal(map.add('k', 'a'), true);
  assert.equal(map.add('k', 'b'), false);
  clock.advance(9);
  assert.equal(map.update('k', 'c'), true);
  assert.equal(map.get('k'), 'c');
  clock.advance(1);
  assert.equal(map.has('k'), false);
  assert.equal(map.update('k', 'd'), false);
  assert.throws(() => new ExpiringMap({ clock, ttlMs: 0, maxKeys: 1 }), RangeError);
});
