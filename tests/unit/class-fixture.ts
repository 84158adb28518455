// What the class-server tests share: a class socket, a class started by its teacher, a student who joins it
// (and acknowledges every poll, as a page does), and one poll to ask.
import assert from 'node:assert/strict';
import type { ClassCreated, ClassMembership, ClassSnapshot } from '../../src/contract/class.ts';
import { ask, type TestServer } from '../helpers/demo-server.ts';

export type Refusal = { ok: false; error: string; code: string };

export const POLL = {
  checkId: 'emitting-events-1',
  choices: 3,
  question: 'Who receives socket.emit?',
  labels: ['Alice only', 'Everyone', 'Everyone but Alice'],
  correct: 0,
};

export const classSocket = (server: TestServer) => server.connect({ query: { sp: 'class' } });

export async function startClass(server: TestServer, name = 'Networks 101') {
  const teacher = await classSocket(server);
  const created = await ask<ClassCreated>(teacher, 'class:create', { name });
  assert.ok(created.ok, JSON.stringify(created));
  const { code, teacherKey } = created.data;
  const watched = await ask<ClassSnapshot>(teacher, 'class:teach', { code, teacherKey });
  assert.ok(watched.ok);
  return { teacher, code, teacherKey, classId: created.data.classId };
}

export async function joinAs(server: TestServer, code: string, name: string) {
  const socket = await classSocket(server);
  socket.on('class:asked' as never, ((_poll: unknown, ack: (b: boolean) => void) => ack(true)) as never);
  const joined = await ask<ClassMembership>(socket, 'class:join', { code, name });
  assert.ok(joined.ok, JSON.stringify(joined));
  return { socket, ...joined.data };
}
