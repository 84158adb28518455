import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChange, applyDelta, withSnapshot } from '../../src/widgets/rooms-explorer/model.ts';
import {
  arrived,
  dedupWitness,
  emptyExplorer,
  expectedHere,
  fired,
  matchesRules,
  paramsFor,
  receivedNames,
  scorePrediction,
  settled,
  withMembers,
  withOwn,
} from '../../src/widgets/rooms-explorer/model.ts';

const MEMBERS = [
  { id: 'a', name: 'Ana', rooms: ['room1'] },
  { id: 'b', name: 'Ben', rooms: ['room2'] },
  { id: 'c', name: 'Cleo', rooms: ['room1', 'room2'] },
  { id: 'd', name: 'Dev', rooms: [] },
];
const base = () => withOwn(withMembers(emptyExplorer(), MEMBERS), { a: 'Ana', b: 'Ben', c: 'Cleo', d: 'Dev' });

test('paramsFor keeps only the parameters a variant takes', () => {
  const all = { room: 'room1', room2: 'room2', target: 'x' };
  assert.deepEqual(paramsFor('io.emit', all), {});
  assert.deepEqual(paramsFor('socket.to(room).except(room2).emit', all), { room: 'room1', room2: 'room2' });
  assert.deepEqual(paramsFor('io.to(target).emit', all), { target: 'x' });
});

test('fired records who recipients() expects; arrivals are counted once; settled compares', () => {
  let s = fired(base(), {
    ref: 'r1',
    variant: 'socket.to(room).emit',
    senderId: 'a',
    params: { room: 'room1' },
    prediction: ['Ana', 'Cleo'],
  });
  assert.deepEqual(s.fire!.expected, ['c']);
  assert.equal(matchesRules(s), false, 'not before it settles');
  s = arrived(s, 'r1', 'c');
  s = arrived(s, 'r1', 'c');
  s = arrived(s, 'old', 'b'); // an arrival for an earlier fire is ignored
  assert.deepEqual(s.fire!.received, ['c']);
  s = settled(s, 'r1');
  assert.equal(matchesRules(s), true);
  assert.deepEqual(receivedNames(s), ['Cleo']);
  assert.deepEqual(scorePrediction(s), { right: 3, total: 4, falseYes: ['Ana'], falseNo: [] });
});

test('a missing or extra arrival does not match the rules', () => {
  let s = fired(base(), { ref: 'r', variant: 'io.to(room).emit', senderId: 'd', params: { room: 'room2' } });
  s = settled(arrived(s, 'r', 'b'), 'r');
  assert.equal(matchesRules(s), false, 'Cleo is missing');
  assert.equal(scorePrediction(s), undefined, 'no prediction, no score');
});

test('only this page’s clients are expected here; other pages’ sockets are left out', () => {
  let s = withMembers(base(), [...MEMBERS, { id: 'e', name: 'Ana 2', rooms: ['room1'] }]);
  s = fired(s, { ref: 'r', variant: 'io.to(room).emit', senderId: 'a', params: { room: 'room1' } });
  assert.deepEqual(s.fire!.expected.sort(), ['a', 'c', 'e']);
  assert.deepEqual(expectedHere(s).sort(), ['a', 'c']);
});

test('the union rule: Cleo in both rooms is the dedup witness for io.to([room1, room2])', () => {
  let s = fired(base(), {
    ref: 'r',
    variant: 'io.to([room,room2]).emit',
    senderId: 'd',
    params: { room: 'room1', room2: 'room2' },
  });
  for (const id of ['a', 'b', 'c']) s = arrived(s, 'r', id);
  s = settled(s, 'r');
  assert.equal(dedupWitness(s), 'Cleo');
  const single = settled(
    arrived(
      fired(base(), { ref: 'q', variant: 'io.to(room).emit', senderId: 'd', params: { room: 'room1' } }),
      'q',
      'c',
    ),
    'q',
  );
  assert.equal(dedupWitness(single), undefined);
});

test('the report: received, rule check, prediction score, and the goals it meets', async () => {
  const { reportFire } = await import('../../src/widgets/rooms-explorer/report.ts');
  let s = fired(base(), {
    ref: 'r',
    variant: 'io.to([room,room2]).emit',
    senderId: 'd',
    params: { room: 'room1', room2: 'room2' },
    prediction: ['Ana', 'Ben', 'Cleo'],
  });
  assert.equal(reportFire(s, 4), undefined, 'nothing to say before it settles');
  for (const id of ['a', 'b', 'c']) s = arrived(s, 'r', id);
  const r = reportFire(settled(s, 'r'), 4)!;
  assert.deepEqual([r.received, r.matches, r.score], [['Ana', 'Ben', 'Cleo'], true, '4/4']);
  assert.match(r.lines[1]!.text, /Cleo is in both rooms but gets it once/);
  assert.deepEqual(r.goals.sort(), ['rooms:dedup', 'rooms:predicted']);

  let p = fired(base(), {
    ref: 'p',
    variant: 'socket.to(target).emit',
    senderId: 'a',
    params: { target: 'b' },
    prediction: ['Ana', 'Ben'],
  });
  p = settled(arrived(p, 'p', 'b'), 'p');
  const rp = reportFire(p, 4)!;
  assert.equal(rp.score, '3/4');
  assert.match(rp.lines[2]!.text, /you ticked Ana, who did not receive it/);
  assert.deepEqual(rp.goals, ['rooms:private']);

  const wrong = reportFire(
    settled(fired(base(), { ref: 'w', variant: 'io.emit', senderId: 'a', params: {} }), 'w'),
    4,
  )!;
  assert.equal(wrong.matches, false);
  assert.equal(wrong.lines[1]!.tone, 'bad');
  assert.deepEqual(wrong.goals, []);
});

test('a snapshot sets the members and the version; an older one does not overwrite a newer state', () => {
  const s = withSnapshot(emptyExplorer(), { members: MEMBERS, version: 4 });
  assert.deepEqual([s.members, s.version], [MEMBERS, 4]);
  assert.equal(withSnapshot(s, { members: [], version: 3 }), s, 'a snapshot that a delta has overtaken');
  assert.deepEqual(withSnapshot(s, { members: [], version: 4 }).members, [], 'same version: taken later, keep it');
});

test('applyDelta: a coalesced batch is applied in order and moves the version on', () => {
  const s = withSnapshot(base(), { members: MEMBERS, version: 2 });
  const r = applyDelta(s, {
    from: 2,
    version: 3,
    changes: [
      { kind: 'joined', id: 'e', name: 'Eve' },
      { kind: 'entered', id: 'e', room: 'room2' },
      { kind: 'entered', id: 'd', room: 'room1' },
      { kind: 'exited', id: 'c', room: 'room1' },
      { kind: 'left', id: 'a' },
    ],
  });
  assert.equal(r.resync, false);
  assert.equal(r.state.version, 3);
  assert.deepEqual(r.state.members, [
    { id: 'b', name: 'Ben', rooms: ['room2'] },
    { id: 'c', name: 'Cleo', rooms: ['room2'] },
    { id: 'd', name: 'Dev', rooms: ['room1'] },
    { id: 'e', name: 'Eve', rooms: ['room2'] },
  ]);
  assert.deepEqual(s.members, MEMBERS, 'the old state is left as it was');
});

test('applyDelta: a copy already applied is ignored; a gap, a resync delta, or no snapshot yet asks for one', () => {
  const s = withSnapshot(base(), { members: MEMBERS, version: 5 });
  const copy = applyDelta(s, { from: 4, version: 5, changes: [{ kind: 'left', id: 'a' }] });
  assert.deepEqual([copy.state, copy.resync], [s, false]);
  const gap = applyDelta(s, { from: 6, version: 7, changes: [{ kind: 'left', id: 'a' }] });
  assert.deepEqual([gap.state, gap.resync], [s, true]);
  const told = applyDelta(s, { from: 5, version: 6, changes: [], resync: true });
  assert.deepEqual([told.state, told.resync], [s, true]);
  const early = applyDelta(emptyExplorer(), { from: 0, version: 1, changes: [{ kind: 'joined', id: 'x', name: 'X' }] });
  assert.deepEqual([early.state.members, early.resync], [[], true]);
});

test('applyChange sets a state, so a change a snapshot already holds changes nothing when applied again', () => {
  const changes = [
    { kind: 'joined', id: 'd', name: 'Dev' },
    { kind: 'entered', id: 'a', room: 'room1' },
    { kind: 'exited', id: 'b', room: 'room9' },
    { kind: 'left', id: 'zz' },
    { kind: 'entered', id: 'zz', room: 'room1' },
  ] as const;
  for (const c of changes) assert.deepEqual(applyChange(MEMBERS, c), MEMBERS, JSON.stringify(c));
  const enter = { kind: 'entered', id: 'd', room: 'room2' } as const;
  const twice = applyChange(applyChange(MEMBERS, enter), enter);
  assert.deepEqual(twice.find((m) => m.id === 'd')!.rooms, ['room2']);
  const sorted = applyChange(MEMBERS, { kind: 'entered', id: 'b', room: 'room1' });
  assert.deepEqual(sorted.find((m) => m.id === 'b')!.rooms, ['room1', 'room2'], 'sorted, as the server sends them');
});
