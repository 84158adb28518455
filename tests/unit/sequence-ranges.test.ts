import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addToRanges, missingRanges, rangesContain, rangesSize } from '../../src/lib/sequence/ranges.ts';
import type { RangeSet } from '../../src/lib/sequence/ranges.ts';

function build(...ns: number[]): RangeSet {
  return ns.reduce<RangeSet>((set, n) => addToRanges(set, n), []);
}

test('adding merges neighbours in any order', () => {
  assert.deepEqual(build(1, 2, 3), [{ from: 1, to: 3 }]);
  assert.deepEqual(build(3, 1, 2), [{ from: 1, to: 3 }]);
  assert.deepEqual(build(1, 5, 3), [
    { from: 1, to: 1 },
    { from: 3, to: 3 },
    { from: 5, to: 5 },
  ]);
  assert.deepEqual(build(1, 5, 3, 4, 2), [{ from: 1, to: 5 }]);
  assert.deepEqual(build(7, 7, 7), [{ from: 7, to: 7 }]);
});

test('adding never mutates the input', () => {
  const before = build(1, 3);
  const copy = structuredClone(before);
  addToRanges(before, 2);
  assert.deepEqual(before, copy);
});

test('contains, size and missing', () => {
  const set = build(2, 3, 4, 8, 10);
  assert.equal(rangesContain(set, 3), true);
  assert.equal(rangesContain(set, 5), false);
  assert.equal(rangesContain(set, 11), false);
  assert.equal(rangesSize(set), 5);
  assert.deepEqual(missingRanges(set, 1, 12), [
    { from: 1, to: 1 },
    { from: 5, to: 7 },
    { from: 9, to: 9 },
    { from: 11, to: 12 },
  ]);
  assert.deepEqual(missingRanges(set, 3, 4), []);
  assert.deepEqual(missingRanges([], 1, 3), [{ from: 1, to: 3 }]);
});

test('matches a brute-force set on random input', () => {
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 40) + 1;
  let set: RangeSet = [];
  const truth = new Set<number>();
  for (let i = 0; i < 200; i++) {
    const n = rand();
    set = addToRanges(set, n);
    truth.add(n);
    for (let k = 0; k <= 41; k++) assert.equal(rangesContain(set, k), truth.has(k), `contains ${k}`);
    for (let j = 1; j < set.length; j++) assert.ok(set[j].from > set[j - 1].to + 1, 'disjoint and not touching');
  }
  assert.equal(rangesSize(set), truth.size);
});
