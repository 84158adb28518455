import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EMIT_VARIANTS, describeRecipients, recipients } from '../../src/lib/protocol/emit-semantics.ts';
import type { EmitParams, SimSocket } from '../../src/lib/protocol/emit-semantics.ts';

// A in room1, B in room2, C in both, D in none.
const SOCKETS: SimSocket[] = [
  { id: 'a', name: 'Ana', rooms: ['room1'] },
  { id: 'b', name: 'Ben', rooms: ['room2'] },
  { id: 'c', name: 'Cleo', rooms: ['room1', 'room2'] },
  { id: 'd', name: 'Dev', rooms: [] },
];

const r1 = { room: 'room1' };
const r2 = { room: 'room2' };
const r12 = { room: 'room1', room2: 'room2' };
const r21 = { room: 'room2', room2: 'room1' };

// [variant, sender, params, expected recipients] — written by hand from the Socket.IO docs,
// not generated from the implementation.
const TABLE: [string, string, EmitParams, string][] = [
  ['socket.emit', 'a', {}, 'a'],
  ['socket.emit', 'd', {}, 'd'],
  ['io.emit', 'a', {}, 'abcd'],
  ['socket.broadcast.emit', 'a', {}, 'bcd'],
  ['socket.broadcast.emit', 'd', {}, 'abc'],
  ['io.to(room).emit', 'a', r1, 'ac'],
  ['io.to(room).emit', 'd', r2, 'bc'],
  ['io.to(room).emit', 'a', { room: 'room3' }, ''],
  ['io.in(room).emit', 'a', r1, 'ac'],
  ['io.in(room).emit', 'b', r2, 'bc'],
  ['socket.to(room).emit', 'a', r1, 'c'],
  ['socket.to(room).emit', 'a', r2, 'bc'],
  ['socket.to(room).emit', 'd', r1, 'ac'],
  ['io.to([room,room2]).emit', 'a', r12, 'abc'],
  ['io.to([room,room2]).emit', 'd', { room: 'room1', room2: 'room1' }, 'ac'],
  ['io.to([room,room2]).emit', 'a', { room: 'room1', room2: 'd' }, 'acd'],
  ['socket.to([room,room2]).emit', 'a', r12, 'bc'],
  ['socket.to([room,room2]).emit', 'c', r12, 'ab'],
  ['socket.to([room,room2]).emit', 'd', r12, 'abc'],
  ['io.except(room).emit', 'a', r1, 'bd'],
  ['io.except(room).emit', 'a', r2, 'ad'],
  ['io.except(room).emit', 'a', { room: 'room3' }, 'abcd'],
  ['io.to(room).except(room2).emit', 'a', r12, 'a'],
  ['io.to(room).except(room2).emit', 'a', r21, 'b'],
  ['io.to(room).except(room2).emit', 'a', { room: 'room1', room2: 'room1' }, ''],
  ['socket.broadcast.except(room).emit', 'a', r2, 'd'],
  ['socket.broadcast.except(room).emit', 'a', r1, 'bd'],
  ['socket.broadcast.except(room).emit', 'd', r1, 'b'],
  ['socket.to(room).except(room2).emit', 'a', r21, 'b'],
  ['socket.to(room).except(room2).emit', 'a', r12, ''],
  ['socket.to(room).except(room2).emit', 'd', r12, 'a'],
  ['socket.to(room).except(room2).emit', 'b', r12, 'a'],
  ['io.to(target).emit', 'a', { target: 'b' }, 'b'],
  ['io.to(target).emit', 'a', { target: 'a' }, 'a'],
  ['socket.to(target).emit', 'a', { target: 'c' }, 'c'],
  ['socket.to(target).emit', 'a', { target: 'a' }, ''],
];

for (const [variant, sender, params, want] of TABLE) {
  test(`${variant} from ${sender} ${JSON.stringify(params)} reaches [${want}]`, () => {
    const got = recipients(SOCKETS, sender, variant, params);
    assert.deepEqual([...got].sort().join(''), want);
  });
}

test('the table covers every variant', () => {
  const covered = new Set(TABLE.map((r) => r[0]));
  for (const v of EMIT_VARIANTS) assert.ok(covered.has(v.id), v.id);
});

test('variant ids are unique and code lines are exact', () => {
  assert.equal(new Set(EMIT_VARIANTS.map((v) => v.id)).size, EMIT_VARIANTS.length);
  const code = (id: string, p: EmitParams): string => EMIT_VARIANTS.find((v) => v.id === id)!.code(p);
  assert.equal(code('socket.to(room).emit', r1), 'socket.to("room1").emit("hello", msg)');
  assert.equal(
    code('io.to([room,room2]).emit', { room: 'a', room2: 'b', event: 'chat' }),
    'io.to(["a", "b"]).emit("chat", msg)',
  );
  assert.equal(code('socket.broadcast.except(room).emit', r2), 'socket.broadcast.except("room2").emit("hello", msg)');
  assert.equal(code('io.to(target).emit', {}), 'io.to(socketId).emit("hello", msg)');
  assert.equal(code('io.to(target).emit', { target: 'xyz' }), 'io.to("xyz").emit("hello", msg)');
  for (const v of EMIT_VARIANTS) {
    assert.ok(v.explain.length > 20, v.id);
    // the id is the code line with placeholders for its parameters
    const line = v
      .code({ room: 'room', room2: 'room2', target: 'target' })
      .replaceAll('"', '')
      .replace(/\(hello, msg\)$/, '');
    assert.equal(line.replace(', ', ','), v.id);
  }
});

test('bad input: unknown variant, missing parameter, unknown sender', () => {
  assert.throws(() => recipients(SOCKETS, 'a', 'io.nope', {}), RangeError);
  assert.throws(() => recipients(SOCKETS, 'a', 'io.to(room).emit', {}), /needs the "room" parameter/);
  assert.throws(() => recipients(SOCKETS, 'zz', 'socket.broadcast.emit', {}), /not one of the sockets/);
  assert.deepEqual(recipients(SOCKETS, 'zz', 'io.emit', {}), new Set('abcd'));
});

test('describeRecipients explains the rule in one line', () => {
  const d = (v: string, s: string, p: EmitParams = {}): string => describeRecipients(SOCKETS, s, v, p);
  assert.equal(
    d('socket.emit', 'a'),
    "Ana receives it (1 of 4): socket.emit goes back to the sender's own client only.",
  );
  assert.equal(d('io.emit', 'a'), 'Ana, Ben, Cleo and Dev receive it (4 of 4): every socket in the namespace.');
  assert.equal(
    d('socket.to([room,room2]).emit', 'd', r12),
    'Ana, Ben and Cleo receive it (3 of 4): members of room "room1" or room "room2", except the sender Dev; Cleo is in both rooms but gets it once.',
  );
  assert.equal(
    d('io.to(room).except(room2).emit', 'a', r12),
    'Ana receives it (1 of 4): members of room "room1", except members of room "room2".',
  );
  assert.equal(
    d('io.to(target).emit', 'a', { target: 'b' }),
    "Ben receives it (1 of 4): members of Ben's private room (its socket id).",
  );
  assert.match(
    d('socket.to(target).emit', 'a', { target: 'a' }),
    /^Nobody receives it \(0 of 4\).*use socket\.emit instead\.$/,
  );
  assert.match(
    d('socket.broadcast.except(room).emit', 'a', r2),
    /^Dev receives it.*except the sender Ana and members of room "room2"\.$/,
  );
});
