// Classroom mode over real socket.io-client connections on a random port: a poll's tally and acknowledgements
// reach only the teacher, and a cut closes the transports of one student's demo connections.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PollTally, RosterEntry } from '../../src/contract/class.ts';
import { MEMBER_COOKIE } from '../../src/lib/class/code.ts';
import { ask, fakeClock, startTestServer, until } from '../helpers/demo-server.ts';
import { type Refusal, POLL, startClass, joinAs } from './class-fixture.ts';

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
