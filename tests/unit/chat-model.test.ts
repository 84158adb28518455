import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  acknowledged,
  clipText,
  CLIP_AT,
  describeTyping,
  emptyChat,
  joined,
  nextTypingExpiry,
  noticed,
  privateTargets,
  received,
  receivedPrivate,
  sending,
  shouldSendTyping,
  typingNow,
  typingSeen,
} from '../../src/widgets/chat/model.ts';

const LIMITS = { maxTextLength: 500, typingIntervalMs: 1000, typingTimeoutMs: 3000 };
const start = () =>
  joined(
    emptyChat(),
    {
      nick: 'Ana',
      users: [
        { id: 'a', nick: 'Ana' },
        { id: 'b', nick: 'Ben' },
      ],
      limits: LIMITS,
    },
    'a',
  );

test('joining records me, the users and says that there is no history', () => {
  const s = start();
  assert.deepEqual(s.me, { id: 'a', nick: 'Ana' });
  assert.match(s.entries[0]!.text, /no history/);
  assert.deepEqual(
    privateTargets(s).map((u) => u.nick),
    ['Ben'],
  );
});

test('my message is pending until acknowledged; a refusal replaces it with the reason', () => {
  let s = sending(start(), 'k1', 'hello');
  assert.equal(s.entries.at(-1)!.pending, true);
  s = acknowledged(s, 'k1', { ok: true }, 4);
  assert.deepEqual([s.entries.at(-1)!.pending, s.entries.at(-1)!.rttMs], [false, 4]);
  s = sending(s, 'k2', 'x'.repeat(600));
  s = acknowledged(s, 'k2', { ok: false, error: 'A message has at most 500 characters' }, 3);
  assert.equal(
    s.entries.some((e) => e.key === 'k2'),
    false,
  );
  assert.equal(s.entries.at(-1)!.kind, 'error');
  assert.equal(sending(start(), 'k3', 'psst', 'Ben').entries.at(-1)!.kind, 'private-out');
});

test('typing expires after the timeout, and stops when their message arrives or they leave', () => {
  let s = typingSeen(start(), { id: 'b', nick: 'Ben', typing: true }, 1000);
  assert.deepEqual(typingNow(s, 3999), ['Ben']);
  assert.deepEqual(typingNow(s, 4000), [], 'a lost "stopped" cannot stick');
  assert.equal(nextTypingExpiry(s, 1000), 4000);
  s = received(s, { id: 'm1', fromId: 'b', from: 'Ben', text: 'hi', at: 0 });
  assert.deepEqual(typingNow(s, 1500), []);
  s = typingSeen(s, { id: 'b', nick: 'Ben', typing: true }, 2000);
  s = noticed(s, { kind: 'leave', id: 'b', nick: 'Ben', at: 0 });
  assert.deepEqual(typingNow(s, 2100), []);
  assert.equal(s.entries.at(-1)!.text, 'Ben left the chat.');
  s = typingSeen(s, { id: 'c', nick: 'Cleo', typing: true }, 0);
  s = receivedPrivate(s, { id: 'p', fromId: 'c', from: 'Cleo', toId: 'a', to: 'Ana', text: 'psst', at: 0 });
  assert.deepEqual(typingNow(s, 10), []);
  assert.equal(s.entries.at(-1)!.kind, 'private-in');
});

test('typing lines and the client-side throttle', () => {
  assert.equal(describeTyping([]), '');
  assert.equal(describeTyping(['Ben']), 'Ben is typing…');
  assert.equal(describeTyping(['Ben', 'Cleo']), 'Ben and Cleo are typing…');
  assert.equal(describeTyping(['A', 'B', 'C', 'D']), 'Several people are typing…');
  assert.equal(shouldSendTyping(undefined, 0, 1000), true);
  assert.equal(shouldSendTyping(0, 999, 1000), false);
  assert.equal(shouldSendTyping(0, 1000, 1000), true);
});

test('the list keeps at most 200 entries', () => {
  let s = start();
  for (let i = 0; i < 250; i++) s = received(s, { id: String(i), fromId: 'b', from: 'Ben', text: 't', at: i });
  assert.equal(s.entries.length, 200);
  assert.equal(s.entries.at(-1)!.key, 'm-249');
});

test('a long message shows its start, cut at a word, and a short one is left alone', () => {
  assert.equal(clipText('hello there'), 'hello there');
  const long = 'word '.repeat(100).trim(); // 499 characters
  const shown = clipText(long);
  assert.ok(shown.length <= CLIP_AT + 1, `${shown.length} characters`);
  assert.ok(shown.endsWith('word…'));
  assert.equal(clipText('x'.repeat(500), 10), `${'x'.repeat(10)}…`, 'no space: a hard cut');
});
