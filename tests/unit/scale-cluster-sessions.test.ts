// Under start:cluster every Socket.IO server of a worker reports its Engine.IO sessions to the primary, so a
// long-polling client of /recovery.io or /secure.io stays on its worker just as one of /socket.io does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { Adapter } from 'socket.io-adapter';
import { reportSessions, withStickySessions } from '../../server/cluster-sessions.ts';
import { singleNode } from '../../server/scale/context.ts';

const inMemory = function (nsp: never) {
  return new Adapter(nsp);
} as unknown as ServerOptions['adapter'];
const withAdapter = { ...singleNode('n'), serverOptions: () => ({ adapter: inMemory }) };

test('servers but main report their engine once, after it is attached; main is left to setupWorker', async () => {
  const reported: unknown[] = [];
  const scale = withStickySessions(withAdapter, (engine) => reported.push(engine));
  assert.equal(scale.serverOptions('main').adapter, inMemory);
  const http = createServer();
  const recovery = new Server(http, { path: '/recovery.io', ...scale.serverOptions('recovery') });
  recovery.of('/other'); // a second namespace: a second adapter, not a second report
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(reported, [recovery.engine]);
  recovery.close();
});

test('reportSessions sends the two messages @socket.io/sticky understands, on open and on close', () => {
  const sent: object[] = [];
  let onConnection: (socket: { id: string; once(e: 'close', f: () => void): void }) => void = () => {};
  let close = () => {};
  reportSessions({ on: (_e, fn) => (onConnection = fn) }, (m) => sent.push(m));
  onConnection({ id: 'abcdefghijklmnopqrst', once: (_e, fn) => (close = fn) });
  close();
  assert.deepEqual(sent, [
    { type: 'sticky:connection', data: 'abcdefghijklmnopqrst' },
    { type: 'sticky:disconnection', data: 'abcdefghijklmnopqrst' },
  ]);
});
