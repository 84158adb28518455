import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRng } from '../../src/lib/sim/rng.ts';

const take = (seed: number, k: number): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: k }, () => rng.next());
};

test('same seed gives the same sequence', () => {
  assert.deepEqual(take(7, 50), take(7, 50));
});

test('different seeds give different sequences', () => {
  assert.notDeepEqual(take(7, 10), take(8, 10));
});

test('next stays in [0, 1) and is roughly uniform', () => {
  const xs = take(123, 10000);
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
});

test('chance respects its extremes and its rate', () => {
  const rng = createRng(1);
  for (let i = 0; i < 1000; i++) {
    assert.equal(rng.chance(0), false);
    assert.equal(rng.chance(1), true);
  }
  let hits = 0;
  for (let i = 0; i < 10000; i++) if (rng.chance(0.3)) hits++;
  assert.ok(Math.abs(hits / 10000 - 0.3) < 0.02, `rate ${hits / 10000}`);
});

test('uniform stays within [a, b)', () => {
  const rng = createRng(5);
  for (let i = 0; i < 1000; i++) {
    const x = rng.uniform(10, 20);
    assert.ok(x >= 10 && x < 20);
  }
});
