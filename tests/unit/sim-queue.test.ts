import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createQueue } from '../../src/lib/sim/queue.ts';
import { createRng } from '../../src/lib/sim/rng.ts';

test('pops in time order', () => {
  const q = createQueue<string>();
  q.push(30, 'c');
  q.push(10, 'a');
  q.push(20, 'b');
  assert.deepEqual([q.pop()?.item, q.pop()?.item, q.pop()?.item, q.pop()], ['a', 'b', 'c', undefined]);
});

test('equal times come out in insertion order (stable tie-break)', () => {
  const q = createQueue<number>();
  const rng = createRng(3);
  const pushed: { t: number; i: number }[] = [];
  for (let i = 0; i < 500; i++) {
    const t = Math.floor(rng.uniform(0, 10)); // many ties
    q.push(t, i);
    pushed.push({ t, i });
  }
  const expected = [...pushed].sort((a, b) => a.t - b.t || a.i - b.i).map((p) => p.i);
  const got: number[] = [];
  for (let e = q.pop(); e; e = q.pop()) got.push(e.item);
  assert.deepEqual(got, expected);
  assert.equal(q.size, 0);
});
