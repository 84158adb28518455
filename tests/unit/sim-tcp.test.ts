import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateTcp, DUPACK_THRESHOLD } from '../../src/lib/sim/tcp.ts';
import { normalizeSettings } from '../../src/lib/sim/settings.ts';
import type { SimSettings } from '../../src/lib/sim/settings.ts';
import type { RunResult } from '../../src/lib/sim/events.ts';

const settings = (p: Partial<SimSettings>): SimSettings => normalizeSettings(p);
const msgs = (run: RunResult): number[] => run.app.map((d) => d.msg);
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

test('no loss, any jitter: every message once, in order, connection closed', () => {
  for (const jitterMs of [0, 5, 40, 200]) {
    for (const seed of [1, 2, 3]) {
      const run = simulateTcp(settings({ seed, loss: 0, jitterMs, messages: 30, window: 5 }));
      assert.deepEqual(msgs(run), range(30), `jitter ${jitterMs} seed ${seed}`);
      assert.ok(run.completed);
      assert.equal(run.counters.lost, 0);
      assert.equal(run.counters.inOrder, 30);
    }
  }
});

test('handshake, data, teardown appear in that order with no loss', () => {
  const run = simulateTcp(settings({ loss: 0, jitterMs: 0, messages: 3, window: 4 }));
  const kinds = run.timeline.map((e) => `${e.from}:${e.kind}`);
  assert.deepEqual(kinds.slice(0, 3), ['client:syn', 'server:synack', 'client:ack']);
  assert.deepEqual(kinds.slice(-3), ['client:fin', 'server:finack', 'client:ack']);
  const last = run.timeline[run.timeline.length - 1];
  assert.equal(run.counters.completionMs, last.arriveT);
  assert.equal(run.counters.retransmitted, 0);
  assert.equal(run.counters.dupAcks, 0);
});

test('for many seeds and losses: delivers every message exactly once, in order, and completes', () => {
  for (const loss of [0.05, 0.2, 0.5, 0.8]) {
    let retransmitted = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const messages = loss >= 0.8 ? 8 : 25;
      const s = settings({ seed, loss, jitterMs: 30, messages, window: 4 });
      // Huge time cap: at 80% loss a segment needs ~25 tries, with backoff.
      const run = simulateTcp(s, { maxTimeMs: 1e12, maxEvents: 1e7 });
      assert.ok(run.completed, `loss ${loss} seed ${seed} did not complete`);
      assert.deepEqual(msgs(run), range(messages), `loss ${loss} seed ${seed}`);
      assert.ok(run.app.every((d) => d.inOrder));
      // A lost data segment must be resent; at 5% a short run may lose nothing.
      const lostData = run.timeline.some((e) => e.kind === 'data' && e.arriveT === null);
      if (lostData || loss >= 0.2) {
        assert.ok(run.counters.retransmitted > 0, `loss ${loss} seed ${seed}: no retransmission`);
      }
      retransmitted += run.counters.retransmitted;
    }
    assert.ok(retransmitted > 0, `loss ${loss}: nothing retransmitted in any run`);
  }
});

test('100% loss stops at the time cap and reports not completed', () => {
  const run = simulateTcp(settings({ loss: 1, messages: 10 }));
  assert.equal(run.completed, false);
  assert.equal(run.counters.completionMs, null);
  assert.equal(run.app.length, 0);
  assert.ok(run.timeline.every((e) => e.kind === 'syn' && e.arriveT === null));
  assert.ok(run.timeline.every((e) => e.t <= 60_000));
  // Exponential backoff: gaps between SYN retries double (until the cap).
  const ts = run.timeline.map((e) => e.t);
  assert.ok(ts.length >= 3);
  assert.equal(ts[2] - ts[1], 2 * (ts[1] - ts[0]));
});

test('100% loss with no time cap still terminates through the event cap', () => {
  const run = simulateTcp(settings({ loss: 1 }), { maxTimeMs: Infinity, maxEvents: 50 });
  assert.equal(run.completed, false);
});

test('fast retransmit fires on exactly the third duplicate ACK', () => {
  const s = settings({ loss: 0, jitterMs: 0, window: 8, messages: 10, dropFirst: [2] });
  const run = simulateTcp(s);
  const re = run.timeline.filter((e) => e.retransmit);
  assert.equal(re.length, 1, 'one retransmission, no timeout');
  assert.equal(re[0].seq, 2);
  assert.match(re[0].note ?? '', /fast retransmit/);
  const dupsBefore = run.timeline.filter(
    (e) => e.kind === 'dupack' && e.ack === 2 && e.arriveT !== null && e.arriveT <= re[0].t,
  );
  assert.equal(dupsBefore.length, DUPACK_THRESHOLD);
  assert.equal(DUPACK_THRESHOLD, 3);
  assert.deepEqual(msgs(run), range(10));
  assert.ok(run.completed);
});

test('two duplicate ACKs are not enough: the timeout recovers instead', () => {
  // Window 3: after the hole at 2, only segments 3 and 4 can arrive behind it.
  const run = simulateTcp(settings({ loss: 0, jitterMs: 0, window: 3, messages: 6, dropFirst: [2] }));
  const re = run.timeline.filter((e) => e.retransmit);
  assert.equal(re.length, 1);
  assert.match(re[0].note ?? '', /timeout/);
  assert.equal(run.counters.dupAcks, 2);
  assert.deepEqual(msgs(run), range(6));
});

test('head-of-line blocking: segments behind a hole wait in the buffer', () => {
  const run = simulateTcp(settings({ loss: 0, jitterMs: 0, window: 8, messages: 10, dropFirst: [2] }));
  const d2 = run.app.find((d) => d.msg === 2);
  assert.ok(d2);
  assert.equal(d2.waitedMs, undefined, 'the hole itself is delivered on arrival');
  for (const m of [3, 4, 5, 6, 7, 8, 9]) {
    const d = run.app.find((x) => x.msg === m);
    assert.ok(d && d.t === d2.t && (d.waitedMs ?? 0) > 0, `msg ${m} should have waited`);
  }
  assert.equal(run.app.find((d) => d.msg === 1)?.waitedMs, undefined);
});

test('lost handshake and teardown segments are retransmitted', () => {
  let synRe = 0;
  let finRe = 0;
  let finackRe = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const run = simulateTcp(settings({ seed, loss: 0.4, messages: 3 }), { maxTimeMs: 1e9 });
    assert.ok(run.completed);
    for (const e of run.timeline) {
      if (!e.retransmit) continue;
      if (e.kind === 'syn') synRe++;
      if (e.kind === 'fin') finRe++;
      if (e.kind === 'finack') finackRe++;
    }
  }
  assert.ok(synRe > 0 && finRe > 0 && finackRe > 0, `${synRe} ${finRe} ${finackRe}`);
});

test('counters agree with the timeline', () => {
  const run = simulateTcp(settings({ seed: 11, loss: 0.3, messages: 30 }), { maxTimeMs: 1e9 });
  const tl = run.timeline;
  assert.equal(run.counters.sent, tl.filter((e) => e.kind === 'data').length);
  assert.equal(run.counters.lost, tl.filter((e) => e.arriveT === null).length);
  assert.equal(run.counters.dupAcks, tl.filter((e) => e.kind === 'dupack').length);
  assert.equal(run.counters.delivered, 30);
  assert.ok(run.counters.sent > 30);
  // Timeline is sorted by send time, arrivals never precede sends.
  for (let i = 1; i < tl.length; i++) assert.ok(tl[i - 1].t <= tl[i].t);
  assert.ok(tl.every((e) => e.arriveT === null || e.arriveT >= e.t));
});

test('the window bounds segments in flight', () => {
  const run = simulateTcp(settings({ seed: 5, loss: 0.1, jitterMs: 50, window: 3, messages: 40 }), { maxTimeMs: 1e9 });
  // Distinct new (non-retransmitted) data segments must be within window of the highest ACK seen by then.
  const acks = run.timeline.filter(
    (e) => (e.kind === 'ack' || e.kind === 'dupack') && e.from === 'server' && e.arriveT !== null,
  );
  for (const d of run.timeline.filter((e) => e.kind === 'data' && !e.retransmit)) {
    const base = Math.max(1, ...acks.filter((a) => (a.arriveT as number) <= d.t).map((a) => a.ack as number));
    assert.ok((d.seq as number) < base + 3, `seq ${d.seq} sent with base ${base}`);
  }
});
