import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, fromQuery, normalizeSettings, toQuery } from '../../src/lib/sim/settings.ts';
import type { SimSettings } from '../../src/lib/sim/settings.ts';

test('empty input gives the defaults', () => {
  assert.deepEqual(normalizeSettings({}), { ...DEFAULT_SETTINGS });
  assert.deepEqual(fromQuery(''), { ...DEFAULT_SETTINGS });
});

test('URL round-trip is exact, including awkward floats and optional fields', () => {
  const cases: SimSettings[] = [
    { ...DEFAULT_SETTINGS },
    { seed: 4294967295, loss: 0.1 + 0.2, latencyMs: 0, jitterMs: 5000, window: 1, messages: 200 },
    { seed: 9, loss: 1 / 3, latencyMs: 80, jitterMs: 25, window: 8, messages: 40, rtoMs: 350, dropFirst: [2, 5] },
  ];
  for (const s of cases) {
    const q = toQuery(s);
    assert.deepEqual(fromQuery(q), s, q);
    assert.deepEqual(fromQuery(new URLSearchParams(q)), s);
    assert.deepEqual(fromQuery(`?${q}`), s);
    assert.equal(toQuery(fromQuery(q)), q);
  }
});

test('out-of-range values are clamped, integer fields rounded', () => {
  const s = normalizeSettings({
    seed: -5,
    loss: 1.5,
    latencyMs: 99999,
    jitterMs: -1,
    window: 0,
    messages: 1000.4,
    rtoMs: 1,
  });
  assert.deepEqual(s, { seed: 0, loss: 1, latencyMs: 5000, jitterMs: 0, window: 1, messages: 200, rtoMs: 10 });
  assert.equal(normalizeSettings({ window: 3.6 }).window, 4);
  assert.equal(fromQuery('loss=-0.5').loss, 0);
});

test('unknown keys and invalid values fall back to defaults', () => {
  const s = fromQuery('seed=abc&loss=&latency=NaN&jitter=Infinity&window=x&bogus=1&rto=');
  assert.deepEqual(s, { ...DEFAULT_SETTINGS });
});

test('dropFirst keeps valid message numbers only, sorted and unique', () => {
  const s = fromQuery('messages=10&drop=7,3,x,3,0,11,2.5');
  assert.deepEqual(s.dropFirst, [3, 7]);
  assert.equal(toQuery(s).includes('drop=3%2C7'), true);
  assert.equal('dropFirst' in fromQuery('drop='), false);
});
