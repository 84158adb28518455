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

/** Sockets opened by one page share its page token (the widget sends one in every handshake). */
const onePage = { auth: { page: 'page-token-aaaaaaaaaaaa' } };

test('sockets:watch lists every connection in the lab with its real, distinct 4-tuple', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const [a, b] = await Promise.all([server.connect(onePage), server.connect(onePage)]);
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
  assert.ok(
    infoA.ok && res.data.connections.some((c) => c.socketId === a.id && c.client.port === infoA.data.client.port),
  );
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
  assert.deepEqual(
    afterLeave.connections.map((c) => c.name),
    ['You'],
  );
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

test('privacy: a watcher sees full addresses only for its own page; others come without their address', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const [a, b] = await Promise.all([server.connect(onePage), server.connect(onePage)]);
  const guest = await server.connect({ auth: { page: 'page-token-bbbbbbbbbbbb' } });
  const bare = await server.connect();
  const labId = await inLab(a, undefined, 'You');
  await inLab(b, labId, 'Client 2');
  await inLab(guest, labId, 'Guest');
  await inLab(bare, labId, 'Bare');
  const seenBy = async (s: TestSocket) => {
    const res = await ask<LabSockets>(s, 'sockets:watch', {});
    assert.ok(res.ok);
    return new Map(res.data.connections.map((c) => [c.name, c.client.address]));
  };
  const mine = await seenBy(a);
  assert.match(mine.get('You')!, /127\.0\.0\.1/);
  assert.match(mine.get('Client 2')!, /127\.0\.0\.1/, 'same page: its own connection');
  assert.equal(mine.get('Guest'), '', "another page's address is not shown");
  assert.equal(mine.get('Bare'), '');
  const theirs = await seenBy(guest);
  assert.match(theirs.get('Guest')!, /127\.0\.0\.1/);
  assert.deepEqual([theirs.get('You'), theirs.get('Client 2'), theirs.get('Bare')], ['', '', '']);
  const alone = await seenBy(bare);
  assert.match(alone.get('Bare')!, /127\.0\.0\.1/, 'without a page token: only the socket itself');
  assert.deepEqual([alone.get('You'), alone.get('Guest')], ['', '']);
  // Pushes follow the same rule: each member gets its own view.
  const pushed = next<LabSockets>(guest, 'sockets:lab');
  b.disconnect();
  const list = await pushed;
  assert.deepEqual(list.connections.map((c) => [c.name, c.client.address === '']).sort(), [
    ['Bare', true],
    ['Guest', false],
    ['You', true],
  ]);
  // A forged, malformed page token is ignored (it is no wildcard).
  const forged = await server.connect({ auth: { page: '' } });
  await inLab(forged, labId, 'Forged');
  const f = await seenBy(forged);
  assert.equal(f.get('You'), '');
});
