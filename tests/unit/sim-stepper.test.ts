import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulate } from '../../src/lib/sim/run.ts';
import { endTime, eventTimes, nextEventTime, prevEventTime, snapshotAt } from '../../src/lib/sim/stepper.ts';

const { tcp } = simulate({ seed: 9, loss: 0, jitterMs: 0, window: 8, messages: 10, dropFirst: [2] });

test('at t = 0 only the SYN has been sent; at the end everything is done', () => {
  const s0 = snapshotAt(tcp, 0);
  assert.deepEqual(
    s0.sent.map((e) => e.kind),
    ['syn'],
  );
  assert.equal(s0.inFlight.length, 1);
  assert.equal(s0.app.length, 0);
  const end = snapshotAt(tcp, endTime(tcp));
  assert.equal(end.sent.length, tcp.timeline.length);
  assert.equal(end.inFlight.length, 0);
  assert.deepEqual(end.app, tcp.app);
  assert.deepEqual(end.held, []);
  assert.equal(end.lost.length, 1);
});

test('stepping forward visits every event time, stepping back retraces them', () => {
  const forward: number[] = [];
  for (let t = nextEventTime(tcp, -1); t !== null; t = nextEventTime(tcp, t)) forward.push(t);
  assert.deepEqual(forward, eventTimes(tcp));
  const back: number[] = [];
  for (let t = prevEventTime(tcp, Infinity); t !== null; t = prevEventTime(tcp, t)) back.push(t);
  assert.deepEqual(back, [...forward].reverse());
  assert.equal(prevEventTime(tcp, 0), null);
  assert.equal(nextEventTime(tcp, endTime(tcp)), null);
});

test('rewind is a pure function of t', () => {
  const mid = eventTimes(tcp)[Math.floor(eventTimes(tcp).length / 2)];
  const a = snapshotAt(tcp, mid);
  snapshotAt(tcp, endTime(tcp));
  assert.deepEqual(snapshotAt(tcp, mid), a);
});

test('segments stuck behind the hole show up as held, then are released', () => {
  const re = tcp.timeline.find((e) => e.retransmit);
  assert.ok(re && re.arriveT !== null);
  const before = snapshotAt(tcp, re.arriveT - 0.001);
  // Window 8: once 1 is ACKed, 9 goes out and also lands behind the hole.
  assert.deepEqual(before.held, [3, 4, 5, 6, 7, 8, 9]);
  assert.deepEqual(
    before.app.map((d) => d.msg),
    [1],
  );
  const after = snapshotAt(tcp, re.arriveT);
  assert.deepEqual(after.held, []);
  assert.deepEqual(
    after.app.map((d) => d.msg),
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
});
