// The Redis Streams offset log against a real Redis: the same answers as the in-memory log (exclusive start,
// paging, trimmed and truncated flags, drop and re-creation), and bounded the same way (count and age).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis } from '../helpers/redis-server.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { RedisOffsetLog } from '../../server/store/redis-offset-log.ts';
import { systemClock } from '../../server/clock.ts';
import { silentLogger } from '../../server/log.ts';

test('Redis offset log: XADD/XRANGE with an exclusive start, paging, trimming and truncation', async (t) => {
  const redis = await startRedis();
  const conn = await connectRedis(redis.url, silentLogger);
  t.after(async () => {
    await conn.close();
    await redis.stop();
  });
  const make = (maxEntries: number, maxAgeMs = Infinity) =>
    new RedisOffsetLog<string>({ redis: conn, clock: systemClock, key: (s) => `test:log:${s}`, maxEntries, maxAgeMs });

  await t.test('readAfter: in order, strictly after the offset, paged with hasMore', async () => {
    const log = make(100);
    const offsets: string[] = [];
    for (const v of ['a', 'b', 'c', 'd']) offsets.push((await log.append('room', v)).offset);
    assert.match(offsets[0]!, /^\d+-\d+$/, 'offsets are Redis stream ids');
    const all = await log.readAfter('room', null, 10);
    assert.deepEqual(
      all.entries.map((e) => [e.offset, e.value]),
      offsets.map((o, i) => [o, 'abcd'[i]]),
    );
    assert.deepEqual([all.truncated, all.hasMore, all.oldest, all.latest], [false, false, offsets[0], offsets[3]]);
    const rest = await log.readAfter('room', offsets[1]!, 10);
    assert.deepEqual(
      rest.entries.map((e) => e.value),
      ['c', 'd'],
    );
    assert.equal(rest.truncated, false);
    const page = await log.readAfter('room', null, 3);
    assert.deepEqual([page.entries.length, page.hasMore], [3, true]);
    assert.equal((await log.readAfter('room', offsets[3]!, 10)).entries.length, 0);
    assert.equal(await log.latest('room'), offsets[3]);
    assert.deepEqual((await log.last('room'))?.value, 'd');
    assert.ok(Math.abs((await log.last('room'))!.at - Date.now()) < 5000, 'at is the clock time of the append');
    await assert.rejects(log.readAfter('room', 'banana', 10), TypeError);
  });

  await t.test('maxEntries trims the oldest; a reader behind the window is told, one at the line is not', async () => {
    const log = make(3);
    const offsets: string[] = [];
    for (const v of ['a', 'b', 'c', 'd', 'e']) offsets.push((await log.append('s', v)).offset);
    assert.equal(Number(await conn.client.sendCommand(['XLEN', 'test:log:s'])), 3, 'capped at maxEntries');
    const fresh = await log.readAfter('s', null, 10);
    assert.deepEqual(
      fresh.entries.map((e) => e.value),
      ['c', 'd', 'e'],
    );
    assert.equal(fresh.truncated, true, 'a reader from the start missed a and b');
    assert.equal(fresh.oldest, offsets[2]);
    assert.equal((await log.readAfter('s', offsets[0]!, 10)).truncated, true, 'b was trimmed after a');
    const atLine = await log.readAfter('s', offsets[1]!, 10);
    assert.deepEqual([atLine.truncated, atLine.entries.length], [false, 3], 'b was the last one trimmed');
    assert.equal((await log.readAfter('s', offsets[3]!, 10)).truncated, false);
  });

  await t.test('entries expire after maxAgeMs; an unknown stream truncates only a reader with an offset', async () => {
    const log = make(100, 300);
    const old = (await log.append('aging', 'old')).offset;
    await new Promise((r) => setTimeout(r, 200));
    await log.append('aging', 'mid'); // keeps the stream itself alive
    await new Promise((r) => setTimeout(r, 150));
    const read = await log.readAfter('aging', old, 10);
    assert.deepEqual(
      read.entries.map((e) => e.value),
      ['mid'],
      'old is 350 ms old: gone on read, before any new append',
    );
    assert.equal((await log.readAfter('aging', null, 10)).truncated, true, 'old expired unread');
    const pttl = Number(await conn.client.sendCommand(['PTTL', 'test:log:aging']));
    assert.ok(pttl > 0 && pttl <= 300, `the quiet stream expires whole (PTTL ${pttl})`);
    await new Promise((r) => setTimeout(r, 350));
    assert.deepEqual(await log.readAfter('aging', null, 10), {
      entries: [],
      truncated: false,
      oldest: null,
      latest: null,
      hasMore: false,
    });
    assert.equal((await log.readAfter('aging', old, 10)).truncated, true);
    assert.equal(await log.last('aging'), null);
  });

  await t.test('drop forgets a stream; re-created, an old reader is told it lost events', async () => {
    const log = make(100);
    const before = (await log.append('d', 'x')).offset;
    await log.append('other', 'y');
    await log.drop('d');
    assert.equal(await log.latest('d'), null);
    assert.equal((await log.readAfter('other', null, 10)).entries.length, 1, 'streams are independent');
    await new Promise((r) => setTimeout(r, 2));
    const after = (await log.append('d', 'z')).offset;
    assert.notEqual(after, before);
    assert.equal((await log.readAfter('d', before, 10)).truncated, true);
    assert.equal((await log.readAfter('d', null, 10)).truncated, false);
  });
});
