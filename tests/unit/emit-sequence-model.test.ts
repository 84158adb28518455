import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acknowledged, delivered, describeHop, emitted, emptyDiagram, isComplete } from '../../src/widgets/emit-sequence/model.ts';

const message = (ref: string | undefined, text = 'hi') => ({ id: 's1', ref, from: 'Alice', fromSocket: 'x', variant: 'others' as const, text, sentAt: 0 });

test('a hop is drawn only when it happens: nothing on emit, up+ack on the acknowledgement', () => {
  let s = emitted(emptyDiagram(), { ref: 'r1', sender: 'Alice', variant: 'others', text: 'hi', at: 100 });
  assert.equal(s.hops.length, 0);
  s = acknowledged(s, 'r1', { ok: true, data: { id: 's1', receivedAt: 0, recipients: ['Bob', 'Carol'] } }, 102.5);
  assert.deepEqual(s.hops.map((h) => [h.kind, h.from, h.to]), [['up', 'Alice', 'Server'], ['ack', 'Server', 'Alice']]);
  assert.equal(s.hops[1]!.sinceSend, 2.5);
  assert.match(s.hops[1]!.label, /2\.5 ms/);
});

test('a delivery that beats the ack still draws the receipt first, once', () => {
  let s = emitted(emptyDiagram(), { ref: 'r1', sender: 'Alice', variant: 'others', text: 'hi', at: 0 });
  s = delivered(s, 'Bob', message('r1'), 3);
  s = acknowledged(s, 'r1', { ok: true, data: { id: 's1', receivedAt: 0, recipients: ['Bob', 'Carol'] } }, 4);
  s = delivered(s, 'Carol', message('r1'), 5);
  s = delivered(s, 'Carol', message('r1'), 6); // a duplicate event is not drawn twice
  assert.deepEqual(s.hops.map((h) => `${h.kind}:${h.to}`), ['up:Server', 'down:Bob', 'ack:Alice', 'down:Carol']);
  assert.equal(isComplete(s, 'r1'), true);
});

test('incomplete until every recipient the server named has it', () => {
  let s = emitted(emptyDiagram(), { ref: 'r1', sender: 'Alice', variant: 'all', text: 'hi', at: 0 });
  s = acknowledged(s, 'r1', { ok: true, data: { id: 's1', receivedAt: 0, recipients: ['Alice', 'Bob', 'Carol'] } }, 1);
  s = delivered(s, 'Bob', message('r1'), 2);
  assert.equal(isComplete(s, 'r1'), false);
  s = delivered(s, 'Alice', message('r1'), 2);
  s = delivered(s, 'Carol', message('r1'), 2);
  assert.equal(isComplete(s, 'r1'), true);
});

test('a refused event draws the attempt reaching the server and the refusal back, no receipt (ack)', () => {
  let s = emitted(emptyDiagram(), { ref: 'r1', sender: 'Bob', variant: 'malformed', text: '', at: 0 });
  s = acknowledged(s, 'r1', { ok: false, error: 'variant: Invalid option' }, 1);
  assert.deepEqual(s.hops.map((h) => h.kind), ['up', 'refused']);
  assert.equal(s.hops.filter((h) => h.kind === 'ack').length, 0);
  assert.deepEqual([s.hops[0]!.from, s.hops[0]!.to], ['Bob', 'Server']);
  assert.match(s.hops[0]!.label, /malformed/);
  assert.match(describeHop(s.hops[0]!, s), /received Bob’s malformed event/);
  assert.match(describeHop(s.hops[1]!, s), /refused Bob’s event: variant: Invalid option/);
  assert.equal(s.sent[0]!.error, 'variant: Invalid option');
  assert.equal(isComplete(s, 'r1'), false);
});

test('messages from another page in a shared lab are drawn as arrivals from their sender', () => {
  const s = delivered(emptyDiagram(), 'Bob', { ...message(undefined, 'from afar'), from: 'Alice 2' }, 1);
  assert.equal(s.hops[0]!.sender, 'Alice 2');
  assert.match(describeHop(s.hops[0]!, s), /another page/);
});
