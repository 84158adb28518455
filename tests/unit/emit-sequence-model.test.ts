import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acknowledged,
  delivered,
  describeHop,
  emitted,
  emptyDiagram,
  isComplete,
} from '../../src/widgets/emit-sequence/model.ts';

const message = (ref: string | undefined, text = 'hi') => ({
  id: 's1',
  ref,
  from: 'Alice',
  fromSocket: 'x',
  variant: 'others' as const,
  text,
  sentAt: 0,
});

test('a hop is drawn only when it happens: nothing on emit, up+ack on the acknowledgement', () => {
  let s = emitted(emptyDiagram(), { ref: 'r1', sender: 'Alice', variant: 'others', text: 'hi', at: 100 });
  assert.equal(s.hops.length, 0);
  s = acknowledged(s, 'r1', { ok: true, data: { id: 's1', receivedAt: 0, recipients: ['Bob', 'Carol'] } }, 102.5);
  assert.deepEqual(
    s.hops.map((h) => [h.kind, h.from, h.to]),
    [
      ['up', 'Alice', 'Server'],
      ['ack', 'Server', 'Alice'],
    ],
  );
  assert.equal(s.hops[1]!.sinceSend, 2.5);
  assert.match(s.hops[1]!.label, /2\.5 ms/);
});

test('a delivery that beats the ack still draws the receipt first, once', () => {
  let s = emitted(emptyDiagram(), { ref: 'r1', sender: 'Alice', variant: 'others', text: 'hi', at: 0 });
  s = delivered(s, 'Bob', message('r1'), 3);
  s = acknowledged(s, 'r1', { ok: true, data: { id: 's1', receivedAt: 0, recipients: ['Bob', 'Carol'] } }, 4);
  s = delivered(s, 'Carol', message('r1'), 5);
  s = delivered(s, 'Carol', message('r1'), 6); // a duplicate event is not drawn twice
  assert.deepEqual(
    s.hops.map((h) => `${h.kind}:${h.to}`),
    ['up:Server', 'down:Bob', 'ack:Alice', 'down:Carol'],
  );
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
  assert.deepEqual(
    s.hops.map((h) => h.kind),
    ['up', 'refused'],
  );
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

test('another page’s message with our ref is matched by sender socket and drawn as theirs', () => {
  const mineSent = { ref: 'm1', sender: 'Alice', senderSocket: 'sockA', variant: 'others' as const, text: 'mine' };
  let s = emitted(emptyDiagram(), { ...mineSent, at: 0 });
  s = acknowledged(s, 'm1', { ok: true, data: { id: 'a1', receivedAt: 0, recipients: ['Bob', 'Carol'] } }, 1);
  const ours = { id: 'a1', ref: 'm1', from: 'Alice', fromSocket: 'sockA', variant: 'others' as const, text: 'mine' };
  s = delivered(s, 'Bob', { ...ours, sentAt: 0 }, 2);
  // The other page's Alice ("Alice 2") also numbers her first send m1.
  const theirs = { ...ours, id: 'b1', from: 'Alice 2', fromSocket: 'sockB', text: 'theirs', sentAt: 0 };
  s = delivered(s, 'Bob', theirs, 3);
  const downs = s.hops.filter((h) => h.kind === 'down');
  assert.deepEqual(
    downs.map((h) => [h.ref, h.to, h.sender]),
    [
      ['m1', 'Bob', 'Alice'],
      ['ext-b1', 'Bob', 'Alice 2'],
    ],
  );
  assert.deepEqual(s.sent[0]!.deliveredTo, ['Bob'], 'their message is not counted as a delivery of ours');
});

test('in a shared lab the exchange completes on this page’s recipients plus the receipt', () => {
  // This page's lanes Alice, Bob, Carol are "Alice 2", "Bob 2", "Carol 2" in the lab; the first page holds the rest.
  const lanes: Record<string, string> = { 'Alice 2': 'Alice', 'Bob 2': 'Bob', 'Carol 2': 'Carol' };
  const recipients = ['Alice', 'Bob', 'Carol', 'Bob 2', 'Carol 2'];
  const sent = { ref: 'm1', sender: 'Alice', senderSocket: 'me', variant: 'others' as const, text: 'hi', at: 0 };
  let s = emitted(emptyDiagram(), sent);
  s = acknowledged(s, 'm1', { ok: true, data: { id: 'x1', receivedAt: 0, recipients } }, 1, (n) => lanes[n]);
  assert.deepEqual(s.sent[0]!.expectedHere, ['Bob', 'Carol']);
  const msg = { id: 'x1', ref: 'm1', from: 'Alice 2', fromSocket: 'me', variant: 'others' as const, text: 'hi' };
  s = delivered(s, 'Bob', { ...msg, sentAt: 0 }, 2);
  assert.equal(isComplete(s, 'm1'), false, 'Carol on this page has not got it yet');
  s = delivered(s, 'Carol', { ...msg, sentAt: 0 }, 3);
  assert.equal(isComplete(s, 'm1'), true, 'the other page’s clients are vouched for by the receipt');
  assert.match(
    describeHop(
      s.hops.find((h) => h.kind === 'ack')!,
      s,
    ),
    /Alice, Bob, Carol, Bob 2, Carol 2/,
  );
});
