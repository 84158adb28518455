// Isolation and names on a live server: a learner's room called "chat" is not the lab's chat, namespace names are
// unique per lab, look-alike names never appear side by side, and a socket restored by connection state recovery
// is back on its lab's roster. Real sockets, random port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io as connect } from 'socket.io-client';
import { RECOVERY_PATH, type LabInfo, type StreamEvent } from '../../src/contract/index.ts';
import { ask, collect, settle, startTestServer, type TestSocket } from '../helpers/demo-server.ts';

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

test('rooms:join {room: "chat"} does not put a member without a nickname into the lab chat', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const alice = await server.connect();
  const lab = await ask<LabInfo>(alice, 'lab:create', { kind: 'chat', name: 'Alice' });
  assert.ok(lab.ok);
  const eve = await server.connect();
  assert.ok((await ask(eve, 'lab:join', { labId: lab.data.labId, name: 'Eve' })).ok);
  assert.ok((await ask(eve, 'rooms:join', { room: 'chat' })).ok);
  const overheard = collect(eve, 'chat:message');
  assert.ok((await ask(alice, 'chat:join', { nick: 'alice' })).ok);
  assert.ok((await ask(alice, 'chat:send', { text: 'hello' })).ok);
  await settle(eve);
  await settle(alice);
  assert.deepEqual(overheard, [], 'Eve hears nothing');
});

test('chat nicknames are compared by skeleton: "Аlice" (Cyrillic А) is taken once "Alice" is', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const a = await server.connect();
  const lab = await ask<LabInfo>(a, 'lab:create', { kind: 'chat', name: 'A' });
  assert.ok(lab.ok);
  const b = await server.connect();
  assert.ok((await ask(b, 'lab:join', { labId: lab.data.labId, name: 'B' })).ok);
  assert.ok((await ask(a, 'chat:join', { nick: 'Alice' })).ok);
  const res = await ask(b, 'chat:join', { nick: '\u0410lice' });
  assert.equal(res.ok, false);
  assert.equal(!res.ok && res.code, 'name-taken');
});

test('lab names: a look-alike joins as "… 2", and invisible padding is refused', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const a = await server.connect();
  const lab = await ask<LabInfo>(a, 'lab:create', { kind: 'k', name: 'Alice' });
  assert.ok(lab.ok);
  const b = await server.connect();
  const lookAlike = await ask<LabInfo>(b, 'lab:join', { labId: lab.data.labId, name: '\u0410lice' });
  assert.ok(lookAlike.ok);
  assert.equal(lookAlike.data.name, '\u0410lice 2');
  const c = await server.connect();
  const padded = await ask(c, 'lab:join', { labId: lab.data.labId, name: 'Alice\u2800' });
  assert.equal(padded.ok, false);
  assert.equal(!padded.ok && padded.code, 'invalid-payload');
});

test('/lab-chat: two sockets asking for "Alice" speak as "Alice" and "Alice 2"', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const host = await server.connect();
  const lab = await ask<LabInfo>(host, 'lab:create', { kind: 'namespaces', name: 'Host' });
  assert.ok(lab.ok);
  const open = async () => {
    const s = connect(`${server.url}/lab-chat`, {
      forceNew: true,
      transports: ['websocket'],
      reconnection: false,
      auth: { labId: lab.data.labId, name: 'Alice' },
    }) as unknown as TestSocket;
    t.after(() => s.disconnect());
    await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('connect_error', reject));
    return s;
  };
  const first = await open();
  const second = await open();
  const lines = collect<{ from: string }>(first, 'chat:line');
  assert.ok((await ask(first, 'chat:say', { text: 'one' })).ok);
  assert.ok((await ask(second, 'chat:say', { text: 'two' })).ok);
  await until(() => lines.length === 2, 'both lines');
  assert.deepEqual(lines.map((l) => l.from).sort(), ['Alice', 'Alice 2']);
  // A name freed by a disconnect can be taken again.
  second.disconnect();
  await until(() => server.demo.io.of('/lab-chat').sockets.size === 1, 'the disconnect');
  const third = await open();
  const more = collect<{ from: string }>(first, 'chat:line');
  assert.ok((await ask(third, 'chat:say', { text: 'three' })).ok);
  await until(() => more.length === 1, 'the third line');
  assert.equal(more[0]!.from, 'Alice 2');
});

test('a socket restored by connection state recovery is back on its lab roster', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const opts = { path: RECOVERY_PATH };
  const bob = await server.connect({ ...opts, reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 100 });
  const created = await ask<LabInfo>(bob, 'lab:create', { kind: 'missed-events', name: 'Bob' });
  assert.ok(created.ok);
  const labId = created.data.labId;
  const events = collect<StreamEvent>(bob, 'missed:event');
  assert.ok((await ask(bob, 'missed:subscribe', {})).ok);
  assert.ok((await ask(bob, 'missed:configure', { running: true, rate: 20 })).ok);
  await until(() => events.length >= 3, 'events before the cut');
  const idBefore = bob.id!;
  const members = () => server.demo.labs.get(labId)?.members;
  assert.ok(members()?.has(idBefore));
  const back = new Promise<void>((resolve) => bob.once('connect', () => resolve()));
  await ask(bob, 'missed:cut', {});
  await back;
  assert.equal(bob.recovered, true);
  assert.equal(bob.id, idBefore);
  await until(() => members()?.has(idBefore) === true, 'the restored socket on the roster');
  assert.equal(members()?.get(idBefore), 'Bob');
});
