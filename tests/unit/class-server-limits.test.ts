// Classroom mode over real socket.io-client connections on a random port: every class limit holds both ways
// (students, classes, join failures and creates per address, lifetime, payloads, progress) and can be set
// from the environment.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassSnapshot } from '../../src/contract/class.ts';
import { limitsFromEnv } from '../../server/config.ts';
import { ask, fakeClock, startTestServer } from '../helpers/demo-server.ts';
import { type Refusal, classSocket, startClass, joinAs } from './class-fixture.ts';

test('class: students per class and classes per server hold both ways', async (t) => {
  const server = await startTestServer({ limits: { classMaxStudents: 2, maxClasses: 1 } });
  t.after(() => server.close());
  const { code } = await startClass(server);
  await joinAs(server, code, 'Ana');
  await joinAs(server, code, 'Ben');
  const third = (await ask(await classSocket(server), 'class:join', { code, name: 'Cat' })) as Refusal;
  assert.deepEqual([third.ok, third.code], [false, 'class-full']);
  assert.match(third.error, /full \(2 students\)/);
  const second = (await ask(await classSocket(server), 'class:create', {})) as Refusal;
  assert.deepEqual([second.ok, second.code], [false, 'server-full']);
});

test('class: wrong join codes are limited per address; right codes are not, so a school behind one NAT can join', async (t) => {
  const server = await startTestServer({ limits: { classJoinFailuresPerMinute: 3, classMaxStudents: 10 } });
  t.after(() => server.close());
  const { code } = await startClass(server);
  for (const name of ['Ana', 'Ben', 'Cat', 'Dan', 'Eve']) await joinAs(server, code, name);
  const guesser = await classSocket(server);
  const wrong = code === 'ZZZZZZZ' ? 'YYYYYYY' : 'ZZZZZZZ';
  for (let i = 0; i < 3; i++) {
    const r = (await ask(guesser, 'class:join', { code: wrong, name: `G${i}` })) as Refusal;
    assert.equal(r.code, 'unknown-class');
  }
  const blocked = (await ask(guesser, 'class:join', { code, name: 'Guess' })) as Refusal;
  assert.deepEqual([blocked.ok, blocked.code], [false, 'rate-limited'], 'after 3 wrong codes even a right one waits');
  assert.match(blocked.error, /Try again in \d+ s/);
});

test('class: classes started per address per hour are limited', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: { classCreatesPerHour: 2 } });
  t.after(() => server.close());
  const s = await classSocket(server);
  assert.ok((await ask(s, 'class:create', {})).ok);
  assert.ok((await ask(s, 'class:create', {})).ok);
  const third = (await ask(s, 'class:create', {})) as Refusal;
  assert.deepEqual([third.ok, third.code], [false, 'rate-limited']);
  clock.advance(3_600_000);
  assert.ok((await ask(s, 'class:create', {})).ok, 'an hour later the address may start another');
});

test('class: a class ends after its lifetime without activity, not before, and not while anyone is connected', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: { classIdleMs: 60_000 } });
  t.after(() => server.close());
  const { teacher, code } = await startClass(server);
  teacher.disconnect();
  clock.advance(59_999);
  const ana = await joinAs(server, code, 'Ana');
  clock.advance(120_000);
  assert.ok(
    (await ask(await classSocket(server), 'class:join', { code, name: 'Ben' })).ok,
    'Ana is connected: the class lives',
  );
  void ana;
  for (const s of server.demo.io.of('/').sockets.values()) if (s.data.classStudent) s.disconnect(true);
  await new Promise((resolve) => setImmediate(resolve)); // the disconnects' own bookkeeping counts as activity
  clock.advance(59_999);
  const still = await ask(await classSocket(server), 'class:join', { code, name: 'Cat' });
  assert.ok(still.ok, 'a millisecond short of its lifetime it still runs');
  for (const s of server.demo.io.of('/').sockets.values()) if (s.data.classStudent) s.disconnect(true);
  await new Promise((resolve) => setImmediate(resolve));
  clock.advance(60_000);
  const late = (await ask(await classSocket(server), 'class:join', { code, name: 'Dan' })) as Refusal;
  assert.deepEqual([late.ok, late.code], [false, 'unknown-class'], 'idle and empty for its lifetime: gone');
});

test('class: names and class names are validated; bad payloads are refused with a code', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { code } = await startClass(server);
  const s = await classSocket(server);
  for (const name of ['', 'A\u0000b', '\u2800\u2800', 'x'.repeat(25)]) {
    const r = (await ask(s, 'class:join', { code, name })) as Refusal;
    assert.deepEqual([r.ok, r.code], [false, 'invalid-payload'], JSON.stringify(name));
  }
  const badName = (await ask(s, 'class:create', { name: 'a\u0007' })) as Refusal;
  assert.deepEqual([badName.ok, badName.code], [false, 'invalid-payload']);
  const badCode = (await ask(s, 'class:join', { code: 'O0I1L', name: 'Ana' })) as Refusal;
  assert.deepEqual([badCode.ok, badCode.code], [false, 'invalid-payload']);
  const notJoined = (await ask(s, 'class:answer', { pollId: 'p1', choice: 0 })) as Refusal;
  assert.deepEqual([notJoined.ok, notJoined.code], [false, 'not-allowed']);
  const badHref = (await ask(s, 'class:suggest', {
    code,
    teacherKey: 'A'.repeat(22),
    href: 'https://evil.example/',
    title: 'x',
  })) as Refusal;
  assert.deepEqual([badHref.ok, badHref.code], [false, 'invalid-payload']);
  assert.equal((await ask(s, 'class:join', 'not an object')).ok, false);
});

test('class: progress kept per student is bounded in lessons and ids, both ways', async (t) => {
  const server = await startTestServer({ limits: { classMaxLessons: 2, classMaxProgressIds: 3 } });
  t.after(() => server.close());
  const { teacher, code } = await startClass(server);
  const ana = await joinAs(server, code, 'Ana');
  assert.ok((await ask(ana.socket, 'class:progress', { lesson: 'a', checks: ['a-1', 'a-2'], tries: [] })).ok);
  assert.ok(
    (await ask(ana.socket, 'class:progress', { lesson: 'b', checks: ['b-1'], tries: [] })).ok,
    'exactly at both limits',
  );
  const third = (await ask(ana.socket, 'class:progress', { lesson: 'c', checks: [], tries: [] })) as Refusal;
  assert.deepEqual([third.ok, third.code], [false, 'too-large'], 'a third lesson');
  const more = (await ask(ana.socket, 'class:progress', { lesson: 'b', checks: ['b-1', 'b-2'], tries: [] })) as Refusal;
  assert.deepEqual([more.ok, more.code], [false, 'too-large'], 'a fourth id');
  const snapshot = await ask<ClassSnapshot>(teacher, 'class:teach', {
    code,
    teacherKey: (await startClass(server)).teacherKey,
  });
  assert.equal(snapshot.ok, false, 'another class’s key does not open this one');
});

test('class: every class limit can be set from the environment', () => {
  const env = {
    SP_MAX_CLASSES: '5',
    SP_CLASS_MAX_STUDENTS: '30',
    SP_CLASS_IDLE_MS: '1000',
    SP_CLASS_JOIN_FAILURES_PER_MINUTE: '4',
    SP_CLASS_CREATES_PER_HOUR: '3',
    SP_CLASS_MAX_CUT_SECONDS: '20',
    SP_CLASS_MAX_LESSONS: '12',
    SP_CLASS_MAX_PROGRESS_IDS: '99',
  };
  const l = limitsFromEnv(env);
  assert.deepEqual(
    [
      l.maxClasses,
      l.classMaxStudents,
      l.classIdleMs,
      l.classJoinFailuresPerMinute,
      l.classCreatesPerHour,
      l.classMaxCutSeconds,
      l.classMaxLessons,
      l.classMaxProgressIds,
    ],
    [5, 30, 1000, 4, 3, 20, 12, 99],
  );
});
