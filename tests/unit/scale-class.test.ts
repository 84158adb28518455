// Classes in Redis. Two store instances (two connections, as two nodes would hold) obey the in-memory store's
// rules together: codes unique, names unique, seats capped, one answer per student. Then two real nodes in
// separate processes: the teacher on node A sees a student who joined on node B, and the poll counts both nodes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassCreated, ClassMembership, ClassSnapshot, PollTally, RosterEntry } from '../../src/contract/class.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { RedisClassStore } from '../../server/store/class-redis-store.ts';
import type { ClassRecord, MemberRecord } from '../../server/store/class-store.ts';
import { silentLogger } from '../../server/log.ts';
import { ask, type TestSocket, until } from '../helpers/demo-server.ts';
import { startRedis } from '../helpers/redis-server.ts';
import { MEMBER_COOKIE } from '../../src/lib/class/code.ts';
import { labOnBoth, twoNodes } from '../helpers/two-nodes.ts';

const record = (id: string, code: string, now = 1000): ClassRecord => ({
  id,
  code,
  name: 'Networks',
  keyHash: 'k',
  createdAt: now,
  lastActive: now,
  members: [],
  poll: null,
  polls: 0,
});
const member = (id: string, name: string): MemberRecord => ({
  id,
  name,
  tokenHash: `t-${id}`,
  joinedAt: 1000,
  lesson: null,
  progress: {},
});

/** Across nodes an event takes longer: 4000 ms unless a test says otherwise. */
const untilSlow = <T>(socket: TestSocket, event: string, pred: (v: T) => boolean, ms = 4000) =>
  until<T>(socket, event, pred, ms);

test('Redis class store: two nodes share classes, codes, names, seats and answers', async (t) => {
  const redis = await startRedis();
  const connA = await connectRedis(redis.url, silentLogger);
  const connB = await connectRedis(redis.url, silentLogger);
  t.after(async () => {
    await connA.close();
    await connB.close();
    await redis.stop();
  });
  const key = (...parts: string[]) => ['t', ...parts].join(':');
  const a = new RedisClassStore({ redis: connA, key, ttlMs: 60_000 });
  const b = new RedisClassStore({ redis: connB, key, ttlMs: 60_000 });

  await a.create(record('c1', 'ABCDEFG'), 2);
  await assert.rejects(b.create(record('c2', 'ABCDEFG'), 2), { code: 'not-allowed' }, 'a code is unique across nodes');
  await b.create(record('c2', 'HJKMNPQ'), 2);
  await assert.rejects(a.create(record('c3', 'RSTVWXY'), 2), { code: 'server-full' }, 'maxClasses counts both');
  assert.equal(await a.count(), 2);
  assert.equal((await b.byCode('ABCDEFG'))?.id, 'c1');

  // Two nodes adding the same name at the same moment: exactly one gets it.
  const race = await Promise.allSettled([
    a.addMember('c1', member('m1', 'Ada'), 3),
    b.addMember('c1', member('m2', 'ada'), 3),
  ]);
  assert.deepEqual(race.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
  assert.equal((race.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code, 'name-taken');
  await b.addMember('c1', member('m3', 'Grace'), 3);
  await a.addMember('c1', member('m4', 'Linus'), 3);
  await assert.rejects(b.addMember('c1', member('m5', 'Ken'), 3), { code: 'class-full' });
  const winner = (await a.get('c1'))!.members.find((m) => m.name.toLowerCase() === 'ada')!;
  assert.equal((await b.memberByToken(winner.tokenHash))?.member.id, winner.id);

  // Answers from both nodes land in one poll; a second answer is refused.
  const poll = await a.openPoll('c1', {
    checkId: 'x',
    lesson: null,
    choices: 2,
    question: 'q',
    labels: ['a', 'b'],
    correct: 0,
    openedAt: 1,
  });
  await Promise.all([a.answer('c1', poll.id, winner.id, 0), b.answer('c1', poll.id, 'm3', 1)]);
  await assert.rejects(b.answer('c1', poll.id, 'm3', 0), { code: 'not-allowed' });
  assert.deepEqual((await a.get('c1'))!.poll!.answers, { [winner.id]: 0, m3: 1 });
  await b.setProgress('c1', 'm3', 'sockets', { checks: ['c'], tries: [] }, { lessons: 5, ids: 10 });
  assert.deepEqual((await a.get('c1'))!.members.find((m) => m.id === 'm3')!.progress, {
    sockets: { checks: ['c'], tries: [] },
  });

  // Activity and idleness are shared; deleting a class frees its code and its students' tokens.
  await b.touch('c1', 50_000);
  assert.equal((await a.get('c1'))!.lastActive, 50_000);
  assert.deepEqual(await a.idle(60_000, 20_000), ['c2']);
  assert.equal(await a.removeMember('c1', 'm3'), true);
  assert.equal(await b.memberByToken('t-m3'), undefined);
  assert.equal(await b.delete('c1'), true);
  assert.equal(await a.byCode('ABCDEFG'), undefined);
  assert.equal(await a.memberByToken(winner.tokenHash), undefined);
  assert.equal(await a.count(), 1);
  const pttl = Number(await connA.client.sendCommand(['PTTL', 't:class:record:c2']));
  assert.ok(pttl > 0 && pttl <= 60_000, `records expire (PTTL ${pttl})`);
});

test('class across nodes: the teacher on A sees a student who joined on B, and poll counts from both', async (t) => {
  const { a, b } = await twoNodes(t);
  await labOnBoth(a, b); // both adapters read each other's broadcasts from here on

  const teacher = await a.connect({ query: { sp: 'class' } });
  const created = await ask<ClassCreated>(teacher, 'class:create', { name: 'Two nodes' });
  assert.ok(created.ok, JSON.stringify(created));
  const { code, teacherKey } = created.data;
  assert.ok((await ask<ClassSnapshot>(teacher, 'class:teach', { code, teacherKey })).ok);

  const join = async (node: typeof a, name: string) => {
    const socket = await node.connect({ query: { sp: 'class' } });
    socket.on('class:asked' as never, ((_poll: unknown, ack: (b: boolean) => void) => ack(true)) as never);
    const joined = await ask<ClassMembership>(socket, 'class:join', { code, name });
    assert.ok(joined.ok, `${name} on ${node.nodeId}: ${JSON.stringify(joined)}`);
    return { socket, ...joined.data };
  };
  const sawBea = untilSlow<{ roster: RosterEntry[] }>(teacher, 'class:roster', (r) =>
    r.roster.some((m) => m.name === 'Bea'),
  );
  const bea = await join(b, 'Bea'); // the code made on A works on B
  await sawBea;
  const ana = await join(a, 'Ana');
  const taken = await ask(await b.connect({ query: { sp: 'class' } }), 'class:join', { code, name: 'ana' });
  assert.deepEqual([taken.ok, !taken.ok && taken.code], [false, 'name-taken'], 'names are unique across nodes');

  const poll = await ask<PollTally>(teacher, 'class:poll', {
    code,
    teacherKey,
    checkId: 'emitting-events-1',
    choices: 3,
    question: 'Who receives socket.emit?',
    labels: ['Alice only', 'Everyone', 'Everyone but Alice'],
    correct: 0,
  });
  assert.ok(poll.ok, JSON.stringify(poll));
  const both = untilSlow<PollTally>(teacher, 'class:tally', (tally) => tally.answered === 2);
  assert.ok((await ask(bea.socket, 'class:answer', { pollId: poll.data.pollId, choice: 0 })).ok);
  assert.ok((await ask(ana.socket, 'class:answer', { pollId: poll.data.pollId, choice: 2 })).ok);
  assert.deepEqual((await both).counts, [1, 0, 1]);
});

test('a cut made by the teacher on node A closes the student’s demo connection on node B and refuses it there', async (t) => {
  const { a, b } = await twoNodes(t);
  await labOnBoth(a, b); // both adapters read each other's broadcasts from here on
  const teacher = await a.connect({ query: { sp: 'class' } });
  const created = await ask<ClassCreated>(teacher, 'class:create', { name: 'Cut across nodes' });
  assert.ok(created.ok, JSON.stringify(created));
  const { code, teacherKey } = created.data;
  assert.ok((await ask<ClassSnapshot>(teacher, 'class:teach', { code, teacherKey })).ok);
  const student = await b.connect({ query: { sp: 'class' } });
  const joined = await ask<ClassMembership>(student, 'class:join', { code, name: 'Cleo' });
  assert.ok(joined.ok, JSON.stringify(joined));
  const cookie = { extraHeaders: { cookie: `${MEMBER_COOKIE}=${joined.data.memberToken}` } };
  const demo = await b.connect(cookie);
  const gone = new Promise<string>((resolve, reject) => {
    demo.once('disconnect', resolve);
    setTimeout(() => reject(new Error('node B never closed her demo connection')), 5000).unref();
  });
  const cut = await ask(teacher, 'class:cut', { code, teacherKey, memberId: joined.data.memberId, seconds: 30 });
  assert.ok(cut.ok, JSON.stringify(cut));
  assert.equal(await gone, 'transport close', 'node B closed her demo transport');
  await assert.rejects(b.connect(cookie), 'node B refuses her new demo handshakes while the cut lasts');
});
