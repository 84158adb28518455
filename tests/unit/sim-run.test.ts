import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/lib/sim/run.ts';
import { fromQuery, toQuery } from '../../src/lib/sim/settings.ts';

test('same settings give deep-equal results', () => {
  const s = { seed: 77, loss: 0.3, jitterMs: 40, messages: 50, window: 6 };
  assert.deepEqual(simulate(s), simulate(s));
});

test('settings restored from the URL reproduce the run', () => {
  const s = { seed: 77, loss: 0.3, jitterMs: 40, messages: 50, window: 6, dropFirst: [4] };
  assert.deepEqual(simulate(fromQuery(toQuery(s))), simulate(s));
});

test('a different seed changes the timeline when loss > 0', () => {
  const a = simulate({ seed: 1, loss: 0.2, messages: 30 });
  const b = simulate({ seed: 2, loss: 0.2, messages: 30 });
  assert.notDeepEqual(a.tcp.timeline, b.tcp.timeline);
  assert.notDeepEqual(a.udp.timeline, b.udp.timeline);
});

test('no loss: both protocols deliver everything, TCP in order', () => {
  for (const jitterMs of [0, 25, 100]) {
    const r = simulate({ seed: 3, loss: 0, jitterMs, messages: 40 });
    assert.deepEqual(
      r.tcp.app.map((d) => d.msg),
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    assert.equal(r.udp.counters.delivered, 40);
    assert.ok(r.tcp.completed && r.udp.completed);
  }
});

test('invalid settings are normalized rather than thrown on', () => {
  const r = simulate({ messages: 0, window: -3, loss: 2 });
  assert.equal(r.udp.counters.sent, 1);
  assert.equal(r.tcp.completed, false);
});
