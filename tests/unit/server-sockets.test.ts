import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, next, settle, startTestServer, type TestSocket } from '../helpers/demo-server.ts';
import type { LabSockets } from '../../src/contract/index.ts';

async function inLab(s: TestSocket, labId: string | undefined, name: string): Promise<string> {
  const res = labId
    ? await ask<{ labId: string }>(s, 'lab:join', { labId, name })
    : await ask<{ labId: string }>(s, 'lab:create', { kind: 'your-socket', name });
  assert.ok(res.ok);
  return res.ok ? res.data.labId : '';
}

test('sockets:watch lists every connection in the lab with its real, distinct 4-tuple', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const [a, b] = await Promise.all([server.connect(), server.connect()]);
  const labId = await inLab(a, undefined, 'You');
  await inLab(b, labId, 'Client 2');
  const res = await ask<LabSockets>(a, 'sockets:watch', {});
  assert.ok(res.ok);
  if (!res.ok) return;
  const port = Number(new URL(server.url).port);
  assert.equal(res.data.listening.port, port, 'one listening socket, on the server port');
  assert.deepEqual(res.data.connections.map((c) => c.name).sort(), ['Client 2', 'You']);
  for (const c of res.data.connections) {
    assert.equal(c.server.port, port, 'every connected socket shares the server port');
    assert.match(c.client.address, /127\.0\.0\.1/);
    assert.equal(c.transport, 'websocket');
  }
  const [p1, p2] = res.data.connections.map((c) => c.client.port);
  assert.notEqual(p1, p2, 'two connections, two ephemeral ports: the 4-tuples differ');
  assert.ok(p1! > 0 && p2! > 0);
  // The client's own view of its TCP socket agrees with what the server reports (same process here).
  const infoA = await ask<{ client: { port: number } }>(a, 'conn:info', {});
  assert.ok(infoA.ok && res.data.connections.some((c) => c.socketId === a.id && c.client.port === infoA.data.client.port));
});

test('joins and leaves are pushed to the watched lab, and only to it', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const [a, other] = await Promise.all([server.connect(), server.connect()]);
  const labId = await inLab(a, undefined, 'You');
  await inLab(other, undefined, 'Elsewhere');
  await ask(a, 'sockets:watch', {});
  let otherGot = 0;
  other.on('sockets:lab', () => otherGot++);

  const joined = next<LabSockets>(a, 'sockets:lab');
  const b = await server.connect();
  await inLab(b, labId, 'You');
  const afterJoin = await joined;
  assert.deepEqual(afterJoin.connections.map((c) => c.name).sort(), ['You', 'You 2']);

  const left = next<LabSockets>(a, 'sockets:lab');
  b.disconnect();
  const afterLeave = await left;
  assert.deepEqual(afterLeave.connections.map((c) => c.name), ['You']);
  await settle(other);
  assert.equal(otherGot, 0, 'another lab hears nothing');
});

test('sockets:watch before joining a lab, or with a payload, is refused', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const s = await server.connect();
  const before = await ask(s, 'sockets:watch', {});
  assert.equal(before.ok, false);
  assert.match(!before.ok ? before.error : '', /Join a lab first/);
  await inLab(s, undefined, 'You');
  const extra = await ask(s, 'sockets:watch', { labId: 'abcdefgh' });
  assert.equal(extra.ok, false, 'no way to peek into another lab');
  assert.equal((await ask(s, 'sockets:watch', {})).ok, true);
});
