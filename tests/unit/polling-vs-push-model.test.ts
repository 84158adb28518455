import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answered,
  describeAnswer,
  emptyState,
  failed,
  fastPollingObserved,
  lagBehindPush,
  opened,
  pushed,
  pushFrameBytes,
  requested,
} from '../../src/widgets/polling-vs-push/model.ts';
import type { TickerPollResponse } from '../../src/contract/index.ts';

const body = (seqs: number[], heldMs = 0): TickerPollResponse => ({
  ok: true,
  updates: seqs.map((seq) => ({ seq, at: 1000 + seq })),
  latest: Math.max(0, ...seqs),
  requestHeaderBytes: 500,
  responseHeaderBytes: 150,
  heldMs,
});

test('counts requests, empty answers and header bytes per method', () => {
  let s = opened(emptyState(), 660);
  for (const t of [0, 250, 500]) s = answered(requested(s, 'short', t), 'short', body([]), t + 5);
  s = answered(requested(s, 'short', 750), 'short', body([1]), 755);
  s = answered(requested(s, 'long', 0), 'long', body([1], 700), 702);
  assert.deepEqual(s.stats.short, { requests: 4, empty: 3, headerBytes: 4 * 650, seen: 1 });
  assert.deepEqual(s.stats.long, { requests: 1, empty: 0, headerBytes: 650, seen: 1 });
  assert.deepEqual(s.stats.push, { requests: 1, empty: 0, headerBytes: 660, seen: 0 });
  assert.equal(s.exchanges.filter((e) => e.answeredAt === undefined).length, 0);
});

test('delay is measured against the push copy of the same update, whichever arrived first', () => {
  let s = emptyState();
  s = pushed(s, { seq: 1, at: 1 }, 100);
  s = answered(requested(s, 'short', 300), 'short', body([1]), 340); // 240 ms after the push copy
  s = answered(requested(s, 'long', 0), 'long', body([2]), 505); // long poll first…
  s = pushed(s, { seq: 2, at: 2 }, 500); // …push 5 ms earlier than the long poll's copy
  s = answered(requested(s, 'short', 600), 'short', body([2]), 640); // 140 ms after
  assert.deepEqual(lagBehindPush(s, 'short'), { mean: 190, max: 240, count: 2 });
  assert.deepEqual(lagBehindPush(s, 'long'), { mean: 5, max: 5, count: 1 });
  assert.equal(lagBehindPush(s, 'push')?.mean, 0);
  assert.equal(lagBehindPush(emptyState(), 'short'), undefined);
});

test('an update delivered twice by one method counts once; a failed poll closes its exchange', () => {
  let s = emptyState();
  s = answered(requested(s, 'short', 0), 'short', body([1, 2]), 10);
  s = answered(requested(s, 'short', 20), 'short', body([2, 3]), 30);
  assert.equal(s.stats.short.seen, 3);
  s = requested(s, 'long', 40);
  s = failed(s, 'long', 50);
  assert.equal(s.exchanges.at(-1)?.answeredAt, 50);
  assert.equal(s.stats.long.headerBytes, 0, 'a failed poll has no measured heads');
});

test('a pushed update costs one small frame: 2 header bytes plus the Socket.IO packet', () => {
  const update = { seq: 7, at: 1764150000000 };
  const packet = `42${JSON.stringify(['ticker:update', update])}`;
  assert.equal(pushFrameBytes(update), 2 + packet.length);
  assert.ok(packet.length <= 125, 'fits the 7-bit length');
});

test('answers are described in words', () => {
  assert.match(
    describeAnswer('short', body([])),
    /^Short polling: a GET came back with nothing new \(650 bytes of headers\)/,
  );
  assert.match(describeAnswer('long', body([3, 4], 1234)), /update #3, #4 after the server held it 1\.2 s/);
});

test('"Poll harder" is observed only after updates and empty answers at the fast interval, not on picking it', () => {
  const at = { requests: 10, empty: 4, headerBytes: 0, seen: 3 };
  assert.equal(fastPollingObserved({ seen: 3, empty: 4 }, at), false, 'nothing seen since the switch');
  assert.equal(fastPollingObserved({ seen: 3, empty: 4 }, { ...at, seen: 5, empty: 6 }), false);
  assert.equal(fastPollingObserved({ seen: 3, empty: 4 }, { ...at, seen: 5, empty: 7 }), true);
});
