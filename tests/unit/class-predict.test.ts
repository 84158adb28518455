// A widget's prediction put to the class, over real socket.io-client connections: students' pages get the
// question without the answer; their predictions (bit masks over the widget's clients) reach the teacher only
// as counts per client; who really received it, and how many predicted it exactly, only on the reveal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AskedPoll, ClassCreated, ClassMembership, PollTally } from '../../src/contract/class.ts';
import { ask, collect, settle, startTestServer, type TestServer, until } from '../helpers/demo-server.ts';

type Refusal = { ok: false; error: string; code: string };

const classSocket = (server: TestServer) => server.connect({ query: { sp: 'class' } });

async function startClass(server: TestServer) {
  const teacher = await classSocket(server);
  const created = await ask<ClassCreated>(teacher, 'class:create', { name: 'Networks' });
  assert.ok(created.ok);
  const { code, teacherKey } = created.data;
  assert.ok((await ask(teacher, 'class:teach', { code, teacherKey })).ok);
  return { teacher, code, teacherKey };
}

async function joinAs(server: TestServer, code: string, name: string) {
  const socket = await classSocket(server);
  socket.on('class:asked' as never, ((_poll: unknown, ack: (b: boolean) => void) => ack(true)) as never);
  const joined = await ask<ClassMembership>(socket, 'class:join', { code, name });
  assert.ok(joined.ok, JSON.stringify(joined));
  return { socket, ...joined.data };
}

const QUESTION = 'Ana runs socket.to("room1").emit(…). Ana: room1; Ben: room2; Cleo: room1, room2; Dev: none.';
const PREDICT = {
  widgetId: 'rooms-lab',
  lesson: 'broadcasts-and-rooms',
  question: QUESTION,
  names: ['Ana', 'Ben', 'Cleo', 'Dev'],
  received: [2],
};
const mask = (...i: number[]) => i.reduce((m, b) => m | (1 << b), 0);

test('class predict: counts per client reach the teacher; who received only on reveal', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { teacher, code, teacherKey } = await startClass(server);
  const students = [];
  for (const name of ['Amy', 'Bo', 'Cy']) students.push(await joinAs(server, code, name));
  const asked = students.map((s) => until<AskedPoll>(s.socket, 'class:asked', () => true));
  const tallies = students.map((s) => collect(s.socket, 'class:tally'));

  const opened = await ask<PollTally>(teacher, 'class:predict', { code, teacherKey, ...PREDICT });
  assert.ok(opened.ok, JSON.stringify(opened));
  const { pollId } = opened.data;
  assert.deepEqual(opened.data.prediction, { widgetId: 'rooms-lab', received: null, exact: null });
  assert.deepEqual([opened.data.labels, opened.data.counts], [PREDICT.names, [0, 0, 0, 0]]);
  for (const a of asked) {
    const poll = await a;
    assert.deepEqual(poll, {
      pollId,
      checkId: 'rooms-lab',
      lesson: 'broadcasts-and-rooms',
      choices: 16,
      answered: null,
      revealed: false,
      prediction: { widgetId: 'rooms-lab', question: QUESTION, names: PREDICT.names },
    });
  }

  // Amy: Cleo only (right). Bo: Ana and Cleo. Cy: Cleo only (right).
  const all = until<PollTally>(teacher, 'class:tally', (x) => x.answered === 3);
  for (const [s, choice] of [
    [students[0]!, mask(2)],
    [students[1]!, mask(0, 2)],
    [students[2]!, mask(2)],
  ] as const) {
    assert.ok((await ask(s.socket, 'class:answer', { pollId, choice })).ok);
  }
  const tally = await all;
  assert.deepEqual(tally.counts, [1, 0, 3, 0], 'per client: how many predicted it receives');
  assert.deepEqual(tally.prediction, { widgetId: 'rooms-lab', received: null, exact: null });
  assert.equal(JSON.stringify(tally).includes('Amy'), false, 'no names of students in the tally');
  for (const seen of tallies) assert.equal(seen.length, 0, 'students never see the counts');

  const early = await ask<ClassMembership>(await classSocket(server), 'class:resume', {
    code,
    memberToken: students[1]!.memberToken,
  });
  assert.ok(early.ok);
  assert.equal(early.data.poll?.prediction?.received, undefined, 'a reload before the reveal learns nothing');
  const outOfRange = (await ask(students[0]!.socket, 'class:answer', { pollId, choice: 16 })) as Refusal;
  assert.equal(outOfRange.ok, false, 'a mask beyond the four clients is refused');

  const reveals = students.map((s) => until<{ received?: number[] }>(s.socket, 'class:revealed', () => true));
  const revealed = await ask<PollTally>(teacher, 'class:reveal', { code, teacherKey, pollId });
  assert.ok(revealed.ok);
  assert.deepEqual(revealed.data.prediction, { widgetId: 'rooms-lab', received: [2], exact: 2 });
  for (const r of reveals) assert.deepEqual((await r).received, [2]);
  const late = await joinAs(server, code, 'Di');
  assert.deepEqual(late.poll?.prediction?.names, PREDICT.names, 'a late joiner gets the question');
  assert.deepEqual(late.poll?.prediction?.received, [2], 'and, once revealed, who received it');
  const resumed = await ask<ClassMembership>(await classSocket(server), 'class:resume', {
    code,
    memberToken: students[1]!.memberToken,
  });
  assert.ok(resumed.ok);
  assert.deepEqual(
    [resumed.data.poll?.answered, resumed.data.poll?.prediction?.received],
    [mask(0, 2), [2]],
    'a reload after the reveal shows the student their prediction and the truth',
  );
});

test('class predict: teacher key required; bad names, receivers and sizes are refused with a code', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { code, teacherKey } = await startClass(server);
  const amy = await joinAs(server, code, 'Amy');
  const asked = collect(amy.socket, 'class:asked');
  const forged = (await ask(amy.socket, 'class:predict', {
    code,
    teacherKey: 'x'.repeat(22),
    ...PREDICT,
  })) as Refusal;
  assert.deepEqual([forged.ok, forged.code], [false, 'forbidden']);
  const bad = [
    { ...PREDICT, names: ['Ana', 'Ana'] },
    { ...PREDICT, received: [4] },
    { ...PREDICT, received: [1, 1] },
    { ...PREDICT, names: ['A', 'B', 'C', 'D', 'E', 'F', 'G'] },
    { ...PREDICT, names: [] },
    { ...PREDICT, names: ['Ana\u0000'] },
    { ...PREDICT, widgetId: '<script>' },
    { ...PREDICT, extra: 1 },
  ];
  for (const payload of bad) {
    const res = (await ask(amy.socket, 'class:predict', { code, teacherKey, ...payload })) as Refusal;
    assert.deepEqual([res.ok, res.code], [false, 'invalid-payload'], JSON.stringify(payload));
  }
  await settle(amy.socket);
  assert.equal(asked.length, 0, 'nothing was asked');
});
