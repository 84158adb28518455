import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateUdp } from '../../src/lib/sim/udp.ts';
import { normalizeSettings } from '../../src/lib/sim/settings.ts';
import type { SimSettings } from '../../src/lib/sim/settings.ts';

const settings = (p: Partial<SimSettings>): SimSettings => normalizeSettings(p);

test('no loss: every datagram delivered, nothing but datagrams on the wire', () => {
  const run = simulateUdp(settings({ loss: 0, jitterMs: 30, messages: 25 }));
  assert.equal(run.counters.delivered, 25);
  assert.deepEqual(
    [...run.app.map((d) => d.msg)].sort((a, b) => a - b),
    Array.from({ length: 25 }, (_, i) => i + 1),
  );
  assert.ok(run.timeline.every((e) => e.kind === 'datagram' && e.from === 'client' && !e.retransmit));
  assert.equal(run.counters.sent, 25);
  assert.ok(run.completed);
});

test('no jitter, no loss: arrival order is send order', () => {
  const run = simulateUdp(settings({ loss: 0, jitterMs: 0, messages: 10 }));
  assert.deepEqual(
    run.app.map((d) => d.msg),
    Array.from({ length: 10 }, (_, i) => i + 1),
  );
  assert.equal(run.counters.inOrder, 10);
});

test('with loss some run delivers fewer than it sent, and nothing is resent', () => {
  let short = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const run = simulateUdp(settings({ seed, loss: 0.2, messages: 20 }));
    assert.equal(run.counters.sent, 20);
    assert.equal(run.counters.retransmitted, 0);
    assert.equal(run.counters.delivered + run.counters.lost, 20);
    if (run.counters.delivered < 20) short++;
  }
  assert.ok(short > 0);
});

test('with jitter some run delivers out of order', () => {
  let reordered = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const run = simulateUdp(settings({ seed, loss: 0, jitterMs: 30, messages: 20 }));
    if (run.app.some((d) => !d.inOrder)) reordered++;
    const inOrder = run.app.filter((d) => d.inOrder).length;
    assert.equal(run.counters.inOrder, inOrder);
  }
  assert.ok(reordered > 0);
});

test('dropFirst drops exactly those datagrams (a gap, never filled)', () => {
  const run = simulateUdp(settings({ loss: 0, messages: 6, dropFirst: [2, 5] }));
  assert.deepEqual(
    run.app.map((d) => d.msg),
    [1, 3, 4, 6],
  );
  assert.equal(run.counters.lost, 2);
});
