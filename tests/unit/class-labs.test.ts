// Class labs over real socket.io-client connections: one shared lab per widget id per class, created on first
// use; another class gets its own; only the class's students (member token) may ask; the class's budget of
// labs holds; the labs die with the class.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassCreated, ClassLabInfo, ClassMembership } from '../../src/contract/class.ts';
import type { LabInfo } from '../../src/contract/labs.ts';
import { ask, startTestServer, type TestServer } from '../helpers/demo-server.ts';

type Refusal = { ok: false; error: string; code: string };

async function startClass(server: TestServer) {
  const teacher = await server.connect({ query: { sp: 'class' } });
  const created = await ask<ClassCreated>(teacher, 'class:create', { name: 'Networks' });
  assert.ok(created.ok, JSON.stringify(created));
  return { teacher, ...created.data };
}

async function student(server: TestServer, code: string, name: string) {
  const socket = await server.connect({ query: { sp: 'class' } });
  const joined = await ask<ClassMembership>(socket, 'class:join', { code, name });
  assert.ok(joined.ok, JSON.stringify(joined));
  return joined.data;
}

const labOf = (server: TestServer, code: string, memberToken: string, widgetId = 'emit-sequence', kind = widgetId) =>
  server.connect().then((s) => ask<ClassLabInfo>(s, 'class:lab', { code, memberToken, widgetId, kind }));

test('class labs: two students of a class get one lab per widget, another class gets its own', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const a = await startClass(server);
  const b = await startClass(server);
  assert.ok((await ask(a.teacher, 'class:teach', { code: a.code, teacherKey: a.teacherKey })).ok);
  const stream: Array<{ kind: string; text: string }> = [];
  a.teacher.on('class:activity' as never, ((x: { kind: string; text: string }) => stream.push(x)) as never);
  const [ana, ben] = [await student(server, a.code, 'Ana'), await student(server, a.code, 'Ben')];
  const cat = await student(server, b.code, 'Cat');

  const anaLab = await labOf(server, a.code, ana.memberToken);
  const benLab = await labOf(server, a.code, ben.memberToken);
  assert.ok(anaLab.ok && benLab.ok, JSON.stringify([anaLab, benLab]));
  assert.equal(benLab.data.labId, anaLab.data.labId, 'one lab per widget per class');
  assert.equal(anaLab.data.kind, 'emit-sequence');

  const other = await labOf(server, b.code, cat.memberToken);
  assert.ok(other.ok);
  assert.notEqual(other.data.labId, anaLab.data.labId, 'another class, another lab');
  const otherWidget = await labOf(server, a.code, ana.memberToken, 'rooms-explorer');
  assert.ok(otherWidget.ok);
  assert.notEqual(otherWidget.data.labId, anaLab.data.labId, 'another widget, another lab');

  // Both students' widgets join it as any lab: the same room, so one's broadcast reaches the other.
  const s1 = await server.connect();
  const s2 = await server.connect();
  const j1 = await ask<LabInfo>(s1, 'lab:join', { labId: anaLab.data.labId, name: 'Ana' });
  const j2 = await ask<LabInfo>(s2, 'lab:join', { labId: anaLab.data.labId, name: 'Ben' });
  assert.ok(j1.ok && j2.ok);
  assert.equal(j2.data.members, 2);
  // The teacher's stream says when a class lab opens (once per widget, not once per student).
  const opened = stream.filter((x) => x.kind === 'lab').map((x) => x.text);
  assert.deepEqual(opened, [
    'A shared class lab opened for “emit-sequence”.',
    'A shared class lab opened for “rooms-explorer”.',
  ]);
});

test('class labs: a non-member, a forged token and another class’s code are refused with a code', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const a = await startClass(server);
  const b = await startClass(server);
  const ana = await student(server, a.code, 'Ana');

  const forged = (await labOf(server, a.code, 'x'.repeat(22))) as Refusal;
  assert.equal(forged.ok, false);
  assert.equal(forged.code, 'unknown-class');
  const wrongClass = (await labOf(server, b.code, ana.memberToken)) as Refusal;
  assert.equal(wrongClass.code, 'unknown-class', 'a member of class A cannot open labs in class B');
  const teacherKey = (await labOf(server, a.code, a.teacherKey)) as Refusal;
  assert.equal(teacherKey.code, 'unknown-class', 'the teacher key is not a member token');
  const badWidget = (await labOf(server, a.code, ana.memberToken, '<script>', 'emit-sequence')) as Refusal;
  assert.equal(badWidget.code, 'invalid-payload');
  const s = await server.connect();
  const extra = await ask(s, 'class:lab', {
    code: a.code,
    memberToken: ana.memberToken,
    widgetId: 'a',
    kind: 'a',
    x: 1,
  });
  assert.equal((extra as Refusal).code, 'invalid-payload', 'unknown fields are refused');

  // A lab is never handed to a widget of another kind: the same element id with another kind is another lab.
  const emitLab = await labOf(server, a.code, ana.memberToken, 'emit-sequence');
  const otherKind = await labOf(server, a.code, ana.memberToken, 'emit-sequence', 'chat');
  assert.ok(emitLab.ok && otherKind.ok, JSON.stringify([emitLab, otherKind]));
  assert.notEqual(otherKind.data.labId, emitLab.data.labId, 'a widget id keeps the kind of its lab');
  assert.equal(otherKind.data.kind, 'chat');
});

test('class labs: two widgets of one kind on one page (two element ids) get two class labs', async (t) => {
  const server = await startTestServer({ limits: { classMaxLabs: 2 } });
  t.after(() => server.close());
  const a = await startClass(server);
  const [ana, ben] = [await student(server, a.code, 'Ana'), await student(server, a.code, 'Ben')];
  const first = await labOf(server, a.code, ana.memberToken, 'rooms-lab', 'rooms-explorer');
  const second = await labOf(server, a.code, ana.memberToken, 'rooms-lab-2', 'rooms-explorer');
  assert.ok(first.ok && second.ok, JSON.stringify([first, second]));
  assert.notEqual(second.data.labId, first.data.labId, 'two widgets of one kind, two labs');
  // Ben's page has the same two widgets: each of his lands in the lab of the same widget on Ana's page.
  const benFirst = await labOf(server, a.code, ben.memberToken, 'rooms-lab', 'rooms-explorer');
  const benSecond = await labOf(server, a.code, ben.memberToken, 'rooms-lab-2', 'rooms-explorer');
  assert.ok(benFirst.ok && benSecond.ok);
  assert.deepEqual([benFirst.data.labId, benSecond.data.labId], [first.data.labId, second.data.labId]);
  // Both count against the class's budget of labs.
  const third = (await labOf(server, a.code, ana.memberToken, 'rooms-lab-3', 'rooms-explorer')) as Refusal;
  assert.equal(third.code, 'too-large');
});

test('class labs: a class owns at most classMaxLabs labs; asking again for one it has is free', async (t) => {
  const server = await startTestServer({ limits: { classMaxLabs: 2 } });
  t.after(() => server.close());
  const a = await startClass(server);
  const ana = await student(server, a.code, 'Ana');
  assert.ok((await labOf(server, a.code, ana.memberToken, 'w1')).ok);
  assert.ok((await labOf(server, a.code, ana.memberToken, 'w2')).ok);
  assert.ok((await labOf(server, a.code, ana.memberToken, 'w1')).ok, 'an existing lab costs nothing');
  const third = (await labOf(server, a.code, ana.memberToken, 'w3')) as Refusal;
  assert.equal(third.code, 'too-large');
  assert.match(third.error, /2 shared labs/);
});

test('class labs: ending the class deletes its labs and closes their connections', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const a = await startClass(server);
  const ana = await student(server, a.code, 'Ana');
  const lab = await labOf(server, a.code, ana.memberToken);
  assert.ok(lab.ok);
  const inLab = await server.connect({ reconnection: false });
  assert.ok((await ask(inLab, 'lab:join', { labId: lab.data.labId, name: 'Ana' })).ok);
  const closed = new Promise<string>((resolve) => inLab.on('disconnect', (reason) => resolve(reason)));

  const ended = await ask(a.teacher, 'class:end', { code: a.code, teacherKey: a.teacherKey });
  assert.ok(ended.ok);
  assert.equal(await closed, 'transport close', 'a real transport close: widgets reconnect and move on');
  const rejoin = (await ask(await server.connect(), 'lab:join', { labId: lab.data.labId, name: 'Ana' })) as Refusal;
  assert.equal(rejoin.code, 'unknown-lab');
  const again = (await labOf(server, a.code, ana.memberToken)) as Refusal;
  assert.equal(again.code, 'unknown-class');
});
