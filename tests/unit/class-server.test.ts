// Classroom mode over real socket.io-client connections on a random port: the teacher key guards every
// control event, a student's forged one changes nothing, rosters and polls reach only the teacher, the end of a
// class deletes it, cuts close a student's demo transports, and every class limit holds both ways.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassCreated, ClassMembership, ClassSnapshot, PollTally, RosterEntry } from '../../src/contract/class.ts';
import { limitsFromEnv } from '../../server/config.ts';
import { classFeatureWith } from '../../server/features/class.ts';
import { hashSecret } from '../../server/features/class-secrets.ts';
import { features } from '../../server/features/index.ts';
import { InMemoryClassStore } from '../../server/store/class-memory-store.ts';
import { CLASS_CODE_PATTERN, MEMBER_COOKIE } from '../../src/lib/class/code.ts';
import { ask, collect, fakeClock, settle, startTestServer, type TestServer, until } from '../helpers/demo-server.ts';

type Refusal = { ok: false; error: string; code: string };

const POLL = {
  checkId: 'emitting-events-1',
  choices: 3,
  question: 'Who receives socket.emit?',
  labels: ['Alice only', 'Everyone', 'Everyone but Alice'],
  correct: 0,
};

const classSocket = (server: TestServer) => server.connect({ query: { sp: 'class' } });

async function startClass(server: TestServer, name = 'Networks 101') {
  const teacher = await classSocket(server);
  const created = await ask<ClassCreated>(teacher, 'class:create', { name });
  assert.ok(created.ok, JSON.stringify(created));
  const { code, teacherKey } = created.data;
  const watched = await ask<ClassSnapshot>(teacher, 'class:teach', { code, teacherKey });
  assert.ok(watched.ok);
  return { teacher, code, teacherKey, classId: created.data.classId };
}

async function joinAs(server: TestServer, code: string, name: string) {
  const socket = await classSocket(server);
  socket.on('class:asked' as never, ((_poll: unknown, ack: (b: boolean) => void) => ack(true)) as never);
  const joined = await ask<ClassMembership>(socket, 'class:join', { code, name });
  assert.ok(joined.ok, JSON.stringify(joined));
  return { socket, ...joined.data };
}

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

test('class: a poll answered 2–1 tallies 2–1 with acknowledgements from every page, then the reveal', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { teacher, code, teacherKey } = await startClass(server);
  const students = [
    await joinAs(server, code, 'Ana'),
    await joinAs(server, code, 'Ben'),
    await joinAs(server, code, 'Cat'),
  ];
  const askedSeen = students.map((s) =>
    until<{ pollId: string; checkId: string; choices: number }>(s.socket, 'class:asked', () => true),
  );
  const delivered = until<PollTally>(teacher, 'class:tally', (tally) => tally.delivered === 3);
  const opened = await ask<PollTally>(teacher, 'class:poll', { code, teacherKey, ...POLL });
  assert.ok(opened.ok);
  assert.equal(opened.data.correct, null, 'the right answer stays on the server until the reveal');
  assert.ok(opened.ok);
  const { pollId } = opened.data;
  for (const seen of askedSeen)
    assert.deepEqual(await seen, {
      pollId,
      checkId: 'emitting-events-1',
      lesson: null,
      choices: 3,
      answered: null,
      revealed: false,
    });
  await delivered;

  const twoOne = until<PollTally>(teacher, 'class:tally', (tally) => tally.answered === 3);
  for (const [s, choice] of [
    [students[0]!, 0],
    [students[1]!, 0],
    [students[2]!, 1],
  ] as const) {
    assert.ok((await ask(s.socket, 'class:answer', { pollId, choice })).ok);
  }
  assert.deepEqual((await twoOne).counts, [2, 1, 0]);
  const again = (await ask(students[2]!.socket, 'class:answer', { pollId, choice: 0 })) as Refusal;
  assert.deepEqual([again.ok, again.code], [false, 'not-allowed'], 'a student answers once');

  const reveals = students.map((s) => until<{ pollId: string }>(s.socket, 'class:revealed', () => true));
  const revealed = await ask<PollTally>(teacher, 'class:reveal', { code, teacherKey, pollId });
  assert.ok(revealed.ok);
  assert.deepEqual([revealed.data.counts, revealed.data.revealed, revealed.data.correct], [[2, 1, 0], true, 0]);
  for (const r of reveals) assert.equal((await r).pollId, pollId);
  const late = await joinAs(server, code, 'Dan');
  assert.deepEqual(
    late.poll && [late.poll.pollId, late.poll.revealed],
    [pollId, true],
    'a late joiner sees the open poll',
  );
  const after = (await ask(late.socket, 'class:answer', { pollId, choice: 2 })) as Refusal;
  assert.deepEqual([after.ok, after.code], [false, 'not-allowed'], 'no answers after the reveal');
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

test('class: cutting a student closes the transports of their demo connections for N seconds, and only theirs', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock });
  t.after(() => server.close());
  const { teacher, code, teacherKey } = await startClass(server);
  const ana = await joinAs(server, code, 'Ana');
  const ben = await joinAs(server, code, 'Ben');
  const cookie = (token: string) => ({ extraHeaders: { cookie: `${MEMBER_COOKIE}=${token}` } });
  const seen = until<{ roster: RosterEntry[] }>(
    teacher,
    'class:roster',
    (r) => r.roster.find((m) => m.name === 'Ana')?.demoSockets === 1,
  );
  const anaDemo = await server.connect(cookie(ana.memberToken));
  const benDemo = await server.connect(cookie(ben.memberToken));
  await seen;
  const told = until<{ seconds: number }>(ana.socket, 'class:cut', () => true);
  const reason = new Promise<string>((resolve) => anaDemo.once('disconnect', resolve));
  const cut = await ask<{ closed: number }>(teacher, 'class:cut', {
    code,
    teacherKey,
    memberId: ana.memberId,
    seconds: 5,
  });
  assert.deepEqual(cut.ok && cut.data.closed, 1);
  assert.equal(await reason, 'transport close', 'a real transport close, as an unplugged cable would give');
  assert.equal((await told).seconds, 5);
  assert.equal(benDemo.connected, true, 'Ben keeps his demo connection');
  assert.equal(ana.socket.connected, true, 'Ana keeps her class connection');
  await assert.rejects(server.connect(cookie(ana.memberToken)), 'while cut, her new handshakes are refused');
  clock.advance(5000);
  const back = await server.connect(cookie(ana.memberToken));
  assert.equal(back.connected, true, 'after N seconds she gets back in');
  const tooLong = (await ask(teacher, 'class:cut', {
    code,
    teacherKey,
    memberId: ana.memberId,
    seconds: 61,
  })) as Refusal;
  assert.deepEqual([tooLong.ok, tooLong.code], [false, 'invalid-payload']);
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
