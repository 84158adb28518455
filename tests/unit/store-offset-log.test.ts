import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../server/clock.ts';
import { InMemoryOffsetLog } from '../../server/store/in-memory-offset-log.ts';
import { compareOffsets, nextOffset, parseOffset } from '../../server/store/offset.ts';

function makeLog(overrides: Partial<{ maxEntries: number; maxStreams: number; maxAgeMs: number }> = {}) {
  const clock = new ManualClock(1_000);
  const log = new InMemoryOffsetLog<string>({
    clock,
    maxEntries: 100,
    maxStreams: 10,
    maxAgeMs: Infinity,
    ...overrides,
  });
  return { clock, log };
}

test('offsets increase strictly even when the clock stands still or goes back', () => {
  let last = nextOffset(null, 5);
  for (const now of [5, 5, 4, 6, 6, 0]) {
    const next = nextOffset(last, now);
    assert.ok(compareOffsets(next, last) > 0, `${JSON.stringify(next)} after ${JSON.stringify(last)}`);
    last = next;
  }
  assert.throws(() => parseOffset('banana'), TypeError);
});

test('readAfter returns entries in append order, strictly after the offset', async () => {
  const { clock, log } = makeLog();
  const offsets: string[] = [];
  for (const v of ['a', 'b', 'c', 'd']) {
    offsets.push((await log.append('room', v)).offset);
    if (v === 'b') clock.advance(10);
  }
  const all = await log.readAfter('room', null, 10);
  assert.deepEqual(
    all.entries.map((e) => e.value),
    ['a', 'b', 'c', 'd'],
  );
  assert.deepEqual(
    all.entries.map((e) => e.offset),
    offsets,
  );
  assert.equal(all.truncated, false);
  assert.equal(all.latest, offsets[3]);

  const rest = await log.readAfter('room', offsets[1], 10);
  assert.deepEqual(
    rest.entries.map((e) => e.value),
    ['c', 'd'],
  );
  assert.equal(rest.truncated, false);
  assert.equal((await log.readAfter('room', offsets[3], 10)).entries.length, 0);
});

test('limit pages through the log and reports hasMore', async () => {
  const { log } = makeLog();
  for (const v of ['a', 'b', 'c']) await log.append('s', v);
  const first = await log.readAfter('s', null, 2);
  assert.deepEqual(
    first.entries.map((e) => e.value),
    ['a', 'b'],
  );
  assert.equal(first.hasMore, true);
  const second = await log.readAfter('s', first.entries[1].offset, 2);
  assert.deepEqual(
    second.entries.map((e) => e.value),
    ['c'],
  );
  assert.equal(second.hasMore, false);
  await assert.rejects(log.readAfter('s', null, 0), RangeError);
});

test('maxEntries trims the oldest and a reader behind the window is told it is truncated', async () => {
  const { log } = makeLog({ maxEntries: 3 });
  const offsets: string[] = [];
  for (const v of ['a', 'b', 'c', 'd', 'e']) offsets.push((await log.append('s', v)).offset);

  const fromStart = await log.readAfter('s', null, 10);
  assert.deepEqual(
    fromStart.entries.map((e) => e.value),
    ['c', 'd', 'e'],
  );
  assert.equal(fromStart.truncated, true);
  assert.equal(fromStart.oldest, offsets[2]);

  const behind = await log.readAfter('s', offsets[0], 10);
  assert.equal(behind.truncated, true, 'b was trimmed and the reader never saw it');
  assert.deepEqual(
    behind.entries.map((e) => e.value),
    ['c', 'd', 'e'],
  );

  const edge = await log.readAfter('s', offsets[1], 10);
  assert.equal(edge.truncated, false, 'the reader saw b, the last trimmed entry, so nothing is lost');
  assert.deepEqual(
    edge.entries.map((e) => e.value),
    ['c', 'd', 'e'],
  );
});

test('entries expire after maxAgeMs by the injected clock', async () => {
  const { clock, log } = makeLog({ maxAgeMs: 100 });
  const a = (await log.append('s', 'a')).offset;
  clock.advance(60);
  await log.append('s', 'b');
  clock.advance(40); // a is now exactly 100ms old
  const read = await log.readAfter('s', null, 10);
  assert.deepEqual(
    read.entries.map((e) => e.value),
    ['b'],
  );
  assert.equal(read.truncated, true);
  assert.equal((await log.readAfter('s', a, 10)).truncated, false);

  clock.advance(100);
  const empty = await log.readAfter('s', a, 10);
  assert.deepEqual(empty.entries, []);
  assert.equal(empty.truncated, true);
  assert.equal(empty.oldest, null);
  assert.notEqual(await log.latest('s'), null, 'latest survives expiry so clients can see how far behind they are');
});

test('sweep removes expired entries without a read', async () => {
  const { clock, log } = makeLog({ maxAgeMs: 50 });
  await log.append('x', 'a');
  await log.append('y', 'b');
  clock.advance(49);
  assert.equal(log.sweep(), 0);
  clock.advance(1);
  assert.equal(log.sweep(), 2);
});

test('maxStreams drops the least recently used stream', async () => {
  const { log } = makeLog({ maxStreams: 2 });
  const a1 = (await log.append('a', 'a1')).offset;
  await log.append('b', 'b1');
  await log.readAfter('a', null, 1); // a is now more recent than b
  await log.append('c', 'c1');
  assert.equal(log.streamCount(), 2);
  assert.equal(await log.latest('b'), null);
  assert.notEqual(await log.latest('a'), null);
  assert.equal((await log.readAfter('a', a1, 10)).truncated, false);

  const gone = await log.readAfter('b', '0-0', 10);
  assert.equal(gone.truncated, true, 'a reader holding an offset for an evicted stream has lost events');
  assert.equal((await log.readAfter('b', null, 10)).truncated, false);
});

test('drop forgets a stream; streams are independent', async () => {
  const { log } = makeLog();
  await log.append('a', 'x');
  await log.append('b', 'y');
  await log.drop('a');
  assert.equal(await log.latest('a'), null);
  assert.deepEqual(
    (await log.readAfter('b', null, 5)).entries.map((e) => e.value),
    ['y'],
  );
});

test('constructor rejects nonsense bounds', () => {
  const clock = new ManualClock();
  assert.throws(() => new InMemoryOffsetLog({ clock, maxEntries: 0, maxStreams: 1, maxAgeMs: 1 }), RangeError);
  assert.throws(() => new InMemoryOffsetLog({ clock, maxEntries: 1, maxStreams: 1.5, maxAgeMs: 1 }), RangeError);
  assert.throws(() => new InMemoryOffsetLog({ clock, maxEntries: 1, maxStreams: 1, maxAgeMs: 0 }), RangeError);
});

test('a stream dropped and recreated never reuses offsets; an old reader is told it lost events', async () => {
  const { log } = makeLog();
  await log.append('s', 'old-1');
  const seen = (await log.append('s', 'old-2')).offset;
  await log.append('s', 'old-3'); // the reader never got this one
  await log.drop('s');
  const fresh = [(await log.append('s', 'new-1')).offset, (await log.append('s', 'new-2')).offset];
  assert.ok(
    fresh.every((o) => compareOffsets(parseOffset(o), parseOffset(seen)) > 0),
    'same millisecond, still later ids',
  );
  const read = await log.readAfter('s', seen, 10);
  assert.deepEqual(
    read.entries.map((e) => e.value),
    ['new-1', 'new-2'],
  );
  assert.equal(read.truncated, true, 'old-3 is gone with the old stream');
  assert.equal((await log.readAfter('s', fresh[0], 10)).truncated, false);
  assert.equal((await log.readAfter('s', null, 10)).truncated, false);
});

test('offsets are per stream monotonic even when streams interleave', async () => {
  const { log } = makeLog();
  const a1 = (await log.append('a', 'x')).offset;
  await log.append('b', 'y');
  const a2 = (await log.append('a', 'z')).offset;
  assert.ok(compareOffsets(parseOffset(a2), parseOffset(a1)) > 0);
  assert.deepEqual(
    (await log.readAfter('a', a1, 10)).entries.map((e) => e.value),
    ['z'],
  );
  assert.equal((await log.readAfter('a', a1, 10)).truncated, false);
});
