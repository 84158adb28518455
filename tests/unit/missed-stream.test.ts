// The lab's stream without sockets or timers: ticks driven by hand, time moved by a ManualClock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../server/clock.ts';
import { InMemoryOffsetLog } from '../../server/store/in-memory-offset-log.ts';
import {
  LabStream,
  logStream,
  MissedStreams,
  type StoredEvent,
  type StreamDeps,
} from '../../server/features/missed-stream.ts';
import type { StreamEvent } from '../../src/contract/index.ts';

function deps(presence: () => 'gone' | 'empty' | 'busy') {
  const clock = new ManualClock(1_000_000);
  const sent: StreamEvent[] = [];
  const log = new InMemoryOffsetLog<StoredEvent>({ clock, maxEntries: 5, maxStreams: 10, maxAgeMs: Infinity });
  const d: StreamDeps = { clock, log, maxRate: 20, send: (_lab, e) => sent.push(e), presence, emptyStopMs: 30_000 };
  return { clock, sent, log, d };
}

test('each tick numbers the event, logs it, and only then counts it as sent', async () => {
  const { clock, sent, log, d } = deps(() => 'busy');
  const stream = new LabStream('lab1', 10);
  for (let i = 0; i < 7; i++) {
    clock.advance(100);
    assert.equal(await stream.tick(d), 'ok');
  }
  assert.deepEqual(
    sent.map((e) => e.seq),
    [1, 2, 3, 4, 5, 6, 7],
  );
  assert.equal(stream.sent, 7);
  assert.equal(sent[6]!.sentAt, 1_000_700);
  // The log is bounded (5 here): asking from the first offset reports that #2 was trimmed.
  const page = await log.readAfter(logStream('lab1'), sent[0]!.offset, 10);
  assert.equal(page.truncated, true);
  assert.deepEqual(
    page.entries.map((e) => e.value.seq),
    [3, 4, 5, 6, 7],
  );
});

test('a stream stops when its lab is gone, or has been empty for emptyStopMs', async () => {
  let presence: 'gone' | 'empty' | 'busy' = 'empty';
  const { clock, sent, d } = deps(() => presence);
  const stream = new LabStream('lab1', 10);
  assert.equal(await stream.tick(d), 'ok', 'empty for 0 s: keep going (a reload may be under way)');
  clock.advance(29_999);
  assert.equal(await stream.tick(d), 'ok');
  clock.advance(1);
  assert.equal(await stream.tick(d), 'stop');
  presence = 'gone';
  assert.equal(await new LabStream('lab2', 10).tick(d), 'stop');
  assert.equal(sent.length, 2);
});

test('configure caps the rate at maxRate and keeps the switches per lab', () => {
  const { d } = deps(() => 'busy');
  const streams = new MissedStreams(d, 10);
  const a = streams.configure('a', { rate: 500, dropFirstAck: true });
  const b = streams.status('b');
  assert.deepEqual([a.rate, a.dropFirstAck, a.running, a.maxRate], [20, true, false, 20]);
  assert.deepEqual([b.rate, b.dropFirstAck], [10, false]);
  const rec = streams.get('a').attempt('k');
  streams.get('a').attempt('k');
  assert.equal(rec.attempts, 2);
  assert.equal(streams.sweep(), 0, 'labs still there');
  streams.close();
});

test('sweep forgets the streams and logs of labs that are gone', async () => {
  let presence: 'gone' | 'busy' = 'busy';
  const { d, log } = deps(() => presence);
  const streams = new MissedStreams(d, 10);
  await streams.get('x').tick(d);
  assert.equal(log.streamCount(), 1);
  presence = 'gone';
  assert.equal(streams.sweep(), 1);
  assert.equal(log.streamCount(), 0);
  assert.equal(streams.get('x').sent, 0, 'a fresh stream if the id ever came back');
});
