import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadWithRetry, retryDelay, RETRY_DELAYS_MS } from '../../src/lib/widget/island.ts';

test('a widget whose code fails to load is retried with a growing wait, and mounts once it arrives', async () => {
  let calls = 0;
  const failures: number[] = [];
  const waits: number[] = [];
  const mod = await loadWithRetry(
    async () => {
      calls++;
      if (calls <= 3) throw new TypeError('Failed to fetch dynamically imported module');
      return { mount: 'ok' };
    },
    (_error, attempt) => failures.push(attempt),
    async (ms) => void waits.push(ms),
  );
  assert.deepEqual(mod, { mount: 'ok' });
  assert.equal(calls, 4);
  assert.deepEqual(failures, [0, 1, 2]);
  assert.deepEqual(waits, [1000, 2000, 4000]);
});

test('the wait grows to a ceiling and stays there while the server is away', () => {
  assert.equal(retryDelay(0), RETRY_DELAYS_MS[0]);
  assert.equal(retryDelay(RETRY_DELAYS_MS.length - 1), 15000);
  assert.equal(retryDelay(50), 15000);
});
