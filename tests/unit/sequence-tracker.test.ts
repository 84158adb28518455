import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SequenceTracker, emptyLane, laneCounters, recordSeq } from '../../src/lib/sequence/tracker.ts';

test('an in-order lane has no gaps', () => {
  const lane = new SequenceTracker();
  assert.deepEqual(
    [1, 2, 3].map((n) => lane.record(n)),
    ['new', 'new', 'new'],
  );
  assert.deepEqual(lane.gaps(), []);
  assert.deepEqual(lane.counters(), { received: 3, unique: 3, missed: 0, recovered: 0, duplicates: 0, outOfOrder: 0 });
});

test('a jump opens a gap; a late live arrival is out-of-order and narrows it', () => {
  const lane = new SequenceTracker();
  lane.record(1);
  assert.equal(lane.record(5), 'new');
  assert.deepEqual(lane.gaps(), [{ from: 2, to: 4 }]);
  assert.equal(lane.counters().missed, 3);
  assert.equal(lane.record(3), 'out-of-order');
  assert.deepEqual(lane.gaps(), [
    { from: 2, to: 2 },
    { from: 4, to: 4 },
  ]);
  assert.equal(lane.counters().missed, 2);
  assert.equal(lane.counters().recovered, 0, 'a late arrival is not a replay');
});

test('duplicates are classified and counted, not double-counted as received numbers', () => {
  const lane = new SequenceTracker();
  lane.record(1);
  lane.record(2);
  assert.equal(lane.record(2), 'duplicate');
  assert.equal(lane.record(1, { replayed: true }), 'duplicate', 'a replay of something we had is still a duplicate');
  assert.deepEqual(lane.counters(), { received: 4, unique: 2, missed: 0, recovered: 0, duplicates: 2, outOfOrder: 0 });
});

test('replay fills gaps and counts as recovered', () => {
  const lane = new SequenceTracker();
  for (const n of [1, 2, 6]) lane.record(n);
  assert.equal(lane.counters().missed, 3);
  for (const n of [3, 4, 5]) assert.equal(lane.record(n, { replayed: true }), 'replayed');
  assert.deepEqual(lane.gaps(), []);
  assert.deepEqual(lane.counters(), { received: 6, unique: 6, missed: 0, recovered: 3, duplicates: 0, outOfOrder: 0 });
});

test('sentUpTo from the server exposes a missing tail nobody has seen yet', () => {
  const lane = new SequenceTracker();
  lane.record(1);
  lane.record(2);
  lane.markSentUpTo(5);
  assert.deepEqual(lane.gaps(), [{ from: 3, to: 5 }]);
  lane.markSentUpTo(4); // stale report: ignored
  assert.deepEqual(lane.gaps(), [{ from: 3, to: 5 }]);
  assert.equal(lane.record(4, { replayed: true }), 'replayed');
  assert.equal(lane.counters().recovered, 1, 'above the highest seen but below sentUpTo: it was a known gap');
  assert.equal(lane.record(9, { replayed: true }), 'replayed');
  assert.equal(lane.counters().recovered, 1, 'beyond every known horizon: nothing was filled');
  assert.deepEqual(lane.gaps(), [
    { from: 3, to: 3 },
    { from: 5, to: 8 },
  ]);
});

test('nothing received and nothing announced means no gaps', () => {
  const lane = new SequenceTracker();
  assert.deepEqual(lane.gaps(), []);
  assert.equal(lane.counters().missed, 0);
  lane.markSentUpTo(2);
  assert.deepEqual(lane.gaps(), [{ from: 1, to: 2 }]);
});

test('a lane can start elsewhere and rejects numbers before its start', () => {
  const lane = new SequenceTracker(100);
  lane.record(102);
  assert.deepEqual(lane.gaps(), [{ from: 100, to: 101 }]);
  assert.throws(() => lane.record(99), RangeError);
  assert.throws(() => lane.record(100.5), RangeError);
});

test('the reducer is pure: old states are untouched', () => {
  const s0 = emptyLane();
  const { state: s1 } = recordSeq(s0, 1);
  const { state: s2, arrival } = recordSeq(s1, 1);
  assert.equal(arrival, 'duplicate');
  assert.deepEqual(laneCounters(s0).received, 0);
  assert.deepEqual(laneCounters(s1).duplicates, 0);
  assert.deepEqual(laneCounters(s2).duplicates, 1);
});
