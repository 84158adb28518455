// chat:* with real socket.io-client connections: nicknames, room messages, private messages, typing, presence.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ask,
  collect,
  fakeClock,
  next,
  settle,
  startTestServer,
  type TestServer,
  type TestSocket,
} from '../helpers/demo-server.ts';
import type {
  ChatJoined,
  ChatMessage,
  ChatNotice,
  ChatPrivateMessage,
  ChatTyping,
  ChatUser,
} from '../../src/contract/index.ts';

async function inLab(server: TestServer, labId?: string): Promise<{ socket: TestSocket; labId: string }> {
  const socket = await server.connect();
  const res = labId
    ? await ask<{ labId: string }>(socket, 'lab:join', { labId, name: 'Guest' })
    : await ask<{ labId: string }>(socket, 'lab:create', { kind: 'chat', name: 'Guest' });
  assert.ok(res.ok);
  return { socket, labId: res.data.labId };
}

async function chatOfThree(server: TestServer) {
  const a = await inLab(server);
  const b = await inLab(server, a.labId);
  const c = await inLab(server, a.labId);
  for (const [s, nick] of [
    [a.socket, 'Ana'],
    [b.socket, 'Ben'],
    [c.socket, 'Cleo'],
  ] as const) {
    const res = await ask<ChatJoined>(s, 'chat:join', { nick });
    assert.ok(res.ok, JSON.stringify(res));
  }
  return { labId: a.labId, ana: a.socket, ben: b.socket, cleo: c.socket };
}

test('nicknames are validated and unique per lab (case-insensitive), but may repeat across labs', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { labId } = await chatOfThree(server);
  const late = await inLab(server, labId);
  for (const nick of ['ana', ' ANA ', 'x', 'a'.repeat(21), '<b>hi</b>', '-dash', 'tab\tname', '']) {
    const res = await ask(late.socket, 'chat:join', { nick });
    assert.equal(res.ok, false, `should refuse ${JSON.stringify(nick)}`);
  }
  const ok = await ask<ChatJoined>(late.socket, 'chat:join', { nick: 'Zoë 2' });
  assert.ok(ok.ok);
  assert.deepEqual(
    ok.data.users.map((u) => u.nick),
    ['Ana', 'Ben', 'Cleo', 'Zoë 2'],
  );
  assert.equal(ok.data.limits.maxTextLength, 500);
  assert.equal((await ask(late.socket, 'chat:join', { nick: 'Again' })).ok, false, 'one nickname per connection');

  const elsewhere = await inLab(server);
  assert.equal(
    (await ask(elsewhere.socket, 'chat:join', { nick: 'Ana' })).ok,
    true,
    'another lab has its own nicknames',
  );
});

test('joining tells the others, and everyone gets the new presence list', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { labId, ana } = await chatOfThree(server);
  await settle(ana); // Cleo's own join presence has arrived
  const notices = collect<ChatNotice>(ana, 'chat:notice');
  const presence = next<{ users: ChatUser[] }>(ana, 'chat:presence');
  const dev = await inLab(server, labId);
  const ownNotices = collect<ChatNotice>(dev.socket, 'chat:notice');
  await ask(dev.socket, 'chat:join', { nick: 'Dev' });
  assert.deepEqual(
    (await presence).users.map((u) => u.nick),
    ['Ana', 'Ben', 'Cleo', 'Dev'],
  );
  await settle(ana);
  await settle(dev.socket);
  assert.deepEqual(
    notices.map((n) => [n.kind, n.nick]),
    [['join', 'Dev']],
  );
  assert.deepEqual(ownNotices, [], 'the newcomer is not told about itself');
});

test('a message reaches the others in the lab’s chat once; the sender gets it in the ack; nobody else does', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { labId, ana, ben, cleo } = await chatOfThree(server);
  const lurker = await inLab(server, labId); // in the lab, never joined the chat
  const other = await inLab(server);
  await ask(other.socket, 'chat:join', { nick: 'Ben' });
  const boxes = [ana, ben, cleo, lurker.socket, other.socket].map((s) => collect<ChatMessage>(s, 'chat:message'));
  const res = await ask<ChatMessage>(ana, 'chat:send', { text: '  <img src=x onerror=alert(1)>  ' });
  assert.ok(res.ok);
  assert.equal(
    res.data.text,
    '<img src=x onerror=alert(1)>',
    'trimmed, otherwise untouched: the page renders it as text',
  );
  for (const s of [ana, ben, cleo, lurker.socket, other.socket]) await settle(s);
  assert.deepEqual(
    boxes.map((b) => b.length),
    [0, 1, 1, 0, 0],
  );
  assert.equal(boxes[1]![0]!.from, 'Ana');
  assert.equal(boxes[1]![0]!.id, res.data.id);
});

test('a private message reaches only its target, inside the same lab', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { ana, ben, cleo } = await chatOfThree(server);
  const boxes = [ana, ben, cleo].map((s) => collect<ChatPrivateMessage>(s, 'chat:private'));
  const res = await ask<ChatPrivateMessage>(ana, 'chat:private', { to: cleo.id, text: 'psst' });
  assert.ok(res.ok);
  assert.equal(res.data.to, 'Cleo');
  for (const s of [ana, ben, cleo]) await settle(s);
  assert.deepEqual(
    boxes.map((b) => b.length),
    [0, 0, 1],
  );
  assert.equal(boxes[2]![0]!.from, 'Ana');

  const other = await inLab(server);
  await ask(other.socket, 'chat:join', { nick: 'Eve' });
  assert.equal((await ask(ana, 'chat:private', { to: other.socket.id, text: 'hi' })).ok, false, 'not across labs');
  assert.equal((await ask(ana, 'chat:private', { to: ana.id, text: 'me' })).ok, false, 'not to yourself');
  assert.equal(
    (await ask(ana, 'chat:private', { to: 'AAAAAAAAAAAAAAAAAAAA', text: 'x' })).ok,
    false,
    'not to a stranger',
  );
  await settle(other.socket);
  assert.deepEqual(collect(other.socket, 'chat:private'), []);
});

test('"is typing" is relayed at most once per interval, and a stop always', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock });
  t.after(() => server.close());
  const { ana, ben } = await chatOfThree(server);
  const seen = collect<ChatTyping>(ben, 'chat:typing');
  const relayed: boolean[] = [];
  const typing = async (typing: boolean) => {
    const res = await ask<{ relayed: boolean }>(ana, 'chat:typing', { typing });
    assert.ok(res.ok);
    relayed.push(res.data.relayed);
  };
  await typing(true);
  clock.advance(500);
  await typing(true); // too soon
  clock.advance(500);
  await typing(true); // 1000 ms later: relayed
  await typing(false);
  await settle(ben);
  assert.deepEqual(relayed, [true, false, true, true]);
  assert.deepEqual(
    seen.map((s) => [s.nick, s.typing]),
    [
      ['Ana', true],
      ['Ana', true],
      ['Ana', false],
    ],
  );
  assert.equal(collect(ana, 'chat:typing').length, 0);
});

test('messages longer than the limit are refused; the limit comes from config', async (t) => {
  const server = await startTestServer({ limits: { chatMaxTextLength: 10 } });
  t.after(() => server.close());
  const { ana, ben } = await chatOfThree(server);
  const box = collect(ben, 'chat:message');
  const long = await ask(ana, 'chat:send', { text: 'x'.repeat(11) });
  assert.equal(long.ok, false);
  assert.match(!long.ok ? long.error : '', /at most 10/);
  assert.equal((await ask(ana, 'chat:send', { text: 'x'.repeat(10) })).ok, true);
  for (const bad of [{ text: '' }, { text: 42 }, { text: 'hi', to: 'x' }, 'hi', null]) {
    assert.equal((await ask(ana, 'chat:send', bad)).ok, false, `should refuse ${JSON.stringify(bad)}`);
  }
  await settle(ben);
  assert.equal(box.length, 1);
});

test('before a nickname nothing is allowed; leaving or disconnecting tells the others', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { labId, ana, ben, cleo } = await chatOfThree(server);
  const newcomer = await inLab(server, labId);
  assert.equal((await ask(newcomer.socket, 'chat:send', { text: 'hi' })).ok, false);
  assert.equal((await ask(newcomer.socket, 'chat:typing', { typing: true })).ok, false);

  const notices = collect<ChatNotice>(ana, 'chat:notice');
  const left = await ask<{ left: boolean }>(cleo, 'chat:leave', {});
  assert.ok(left.ok && left.data.left);
  await settle(ana);
  const presence = next<{ users: ChatUser[] }>(ana, 'chat:presence');
  ben.disconnect();
  assert.deepEqual(
    (await presence).users.map((u) => u.nick),
    ['Ana'],
  );
  await settle(ana);
  assert.deepEqual(
    notices.map((n) => [n.kind, n.nick]),
    [
      ['leave', 'Cleo'],
      ['leave', 'Ben'],
    ],
  );
  assert.equal((await ask(ana, 'chat:join', { nick: 'Nobody' })).ok, false, 'still Ana');
  assert.equal(
    (await ask(newcomer.socket, 'chat:join', { nick: 'Cleo' })).ok,
    true,
    'a nickname is free again once its owner left',
  );
});
