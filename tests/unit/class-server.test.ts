// Classroom mode over real socket.io-client connections on a random port: the teacher key guards every
// control event, a student's forged one changes nothing, rosters reach only the teacher, and the end of a class
// deletes it. Polls and cuts: class-server-teaching.test.ts; limits: class-server-limits.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassMembership, ClassSnapshot, RosterEntry } from '../../src/contract/class.ts';
import { classFeatureWith } from '../../server/features/class.ts';
import { hashSecret } from '../../server/features/class-secrets.ts';
import { features } from '../../server/features/index.ts';
import { InMemoryClassStore } from '../../server/store/class-memory-store.ts';
import { CLASS_CODE_PATTERN } from '../../src/lib/class/code.ts';
import { ask, collect, settle, startTestServer, until } from '../helpers/demo-server.ts';
import { type Refusal, POLL, classSocket, startClass, joinAs } from './class-fixture.ts';

test('class: a class gets a 7-character code from the unambiguous alphabet and a 128-bit teacher key', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { code, teacherKey } = await startClass(server);
  assert.match(code, CLASS_CODE_PATTERN);
  assert.doesNotMatch(code, /[01ILOU]/);
  assert.ok(Buffer.from(teacherKey, 'base64url').length >= 16);
  const s = await classSocket(server);
  const typed = await ask<ClassMembership>(s, 'class:join', {
    code: `${code.slice(0, 3).toLowerCase()}-${code.slice(3)}`,
    name: 'Ana',
  });
  assert.ok(typed.ok, 'a code typed in lower case with a dash is the same code');
});

test('class: every control event needs the teacher key; a student forging one is refused and nothing changes', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { teacher, code, teacherKey } = await startClass(server);
  const ana = await joinAs(server, code, 'Ana');
  const ended = collect(ana.socket, 'class:ended');
  const asked = collect(ana.socket, 'class:asked');
  const suggested = collect(ana.socket, 'class:suggested');
  const forgedKey = 'A'.repeat(22);
  const controls: Array<[string, Record<string, unknown>]> = [
    ['class:teach', {}],
    ['class:poll', POLL],
    ['class:reveal', { pollId: 'p1' }],
    ['class:cut', { memberId: ana.memberId, seconds: 5 }],
    ['class:suggest', { href: '/lessons/emitting-events/', title: 'Emitting events' }],
    ['class:end', {}],
  ];
  for (const [event, payload] of controls) {
    const missing = (await ask(ana.socket, event, { code, ...payload })) as Refusal;
    assert.equal(missing.ok, false, `${event} without a key`);
    assert.equal(missing.code, 'invalid-payload', `${event} without a key`);
    const forged = (await ask(ana.socket, event, { code, teacherKey: forgedKey, ...payload })) as Refusal;
    assert.deepEqual(
      [forged.ok, forged.code, /teacher key does not match/.test(forged.error)],
      [false, 'forbidden', true],
      `${event} with a forged key: ${JSON.stringify(forged)}`,
    );
  }
  // Nothing happened: no poll, no cut, no suggestion, no end; the class and Ana are still there.
  await settle(ana.socket);
  assert.deepEqual([asked.length, suggested.length, ended.length], [0, 0, 0]);
  assert.equal(ana.socket.connected, true);
  const snapshot = await ask<ClassSnapshot>(teacher, 'class:teach', { code, teacherKey });
  assert.ok(snapshot.ok);
  assert.equal(snapshot.data.poll, null);
  assert.deepEqual(
    snapshot.data.roster.map((r) => r.name),
    ['Ana'],
  );
});

test('class: a roster of three with lesson and transport; progress reaches the teacher and no student', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { teacher, code } = await startClass(server);
  const full = until<{ roster: RosterEntry[] }>(teacher, 'class:roster', (r) => r.roster.length === 3);
  const [ana, ben, cat] = [
    await joinAs(server, code, 'Ana'),
    await joinAs(server, code, 'Ben'),
    await joinAs(server, code, 'Cat'),
  ];
  const roster = (await full).roster;
  assert.deepEqual(
    roster.map((r) => [r.name, r.connected, r.transport]),
    [
      ['Ana', true, 'websocket'],
      ['Ben', true, 'websocket'],
      ['Cat', true, 'websocket'],
    ],
  );
  const same = (await ask(await classSocket(server), 'class:join', { code, name: 'ana' })) as Refusal;
  assert.deepEqual([same.ok, same.code], [false, 'name-taken'], 'names are unique in a class, ignoring case');

  const leaks = [
    collect(ana.socket, 'class:roster'),
    collect(cat.socket, 'class:roster'),
    collect(cat.socket, 'class:activity'),
  ];
  const onLesson = until<{ roster: RosterEntry[] }>(teacher, 'class:roster', (r) =>
    r.roster.some(
      (m) => m.name === 'Ben' && m.lesson === 'emitting-events' && m.progress['emitting-events']?.checks.length === 1,
    ),
  );
  assert.ok((await ask(ben.socket, 'class:where', { lesson: 'emitting-events' })).ok);
  const reported = await ask(ben.socket, 'class:progress', {
    lesson: 'emitting-events',
    checks: ['emitting-events-1'],
    tries: [],
  });
  assert.ok(reported.ok);
  await onLesson;

  const gone = until<{ roster: RosterEntry[] }>(
    teacher,
    'class:roster',
    (r) => r.roster.find((m) => m.name === 'Cat')?.connected === false,
  );
  cat.socket.disconnect();
  await gone;
  await settle(ana.socket);
  assert.deepEqual(
    leaks.map((l) => l.length),
    [0, 0, 0],
    'students never see the roster, progress or the event stream',
  );
});

test('class: ending a class tells everyone and deletes it: no rejoin, no resume, nothing left in the store', async (t) => {
  const store = new InMemoryClassStore();
  const server = await startTestServer({
    features: [...features.filter((f) => f.name !== 'class'), classFeatureWith(() => store)],
  });
  t.after(() => server.close());
  const { teacher, code, teacherKey } = await startClass(server);
  const ana = await joinAs(server, code, 'Ana');
  await ask(ana.socket, 'class:progress', { lesson: 'sockets', checks: ['sockets-1'], tries: [] });
  const told = until<{ reason: string }>(ana.socket, 'class:ended', () => true);
  const teacherTold = until<{ reason: string }>(teacher, 'class:ended', () => true);
  assert.deepEqual(await ask(teacher, 'class:end', { code, teacherKey }), { ok: true, data: { ended: true } });
  assert.deepEqual([(await told).reason, (await teacherTold).reason], ['ended', 'ended']);
  assert.equal(await store.count(), 0);
  assert.equal(await store.memberByToken(hashSecret(ana.memberToken)), undefined);
  const resumed = (await ask(await classSocket(server), 'class:resume', {
    code,
    memberToken: ana.memberToken,
  })) as Refusal;
  assert.deepEqual([resumed.ok, resumed.code], [false, 'unknown-class']);
  const rejoined = (await ask(await classSocket(server), 'class:join', { code, name: 'Ben' })) as Refusal;
  assert.deepEqual([rejoined.ok, rejoined.code], [false, 'unknown-class']);
  const reopened = (await ask(teacher, 'class:teach', { code, teacherKey })) as Refusal;
  assert.deepEqual([reopened.ok, reopened.code], [false, 'forbidden']);
  const progressAfter = (await ask(ana.socket, 'class:progress', {
    lesson: 'sockets',
    checks: [],
    tries: [],
  })) as Refusal;
  assert.equal(progressAfter.ok, false, 'the old class connection is no longer a student of anything');
});
