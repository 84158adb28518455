import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { ask, collect, next, settle, startTestServer, type TestSocket } from '../helpers/demo-server.ts';

function nsp(url: string, name: string, auth: unknown, opts: Record<string, unknown> = {}): Promise<Socket> {
  const socket = io(`${url}${name}`, {
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    auth: auth as Record<string, unknown>,
    ...opts,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

async function lab(t: { after(fn: () => Promise<void> | void): void }) {
  const server = await startTestServer();
  t.after(() => server.close());
  const main = await server.connect({ forceNew: false });
  const res = await ask<{ labId: string }>(main, 'lab:create', { kind: 'namespaces', name: 'Ana' });
  return { server, main, labId: res.ok ? res.data.labId : '' };
}

test('/lab-news and /lab-chat ride the same Engine.IO connection as "/" (multiplexing)', async (t) => {
  const { server, main, labId } = await lab(t);
  const news = main.io.socket('/lab-news', { auth: { labId, name: 'Ana' } });
  const chat = main.io.socket('/lab-chat', { auth: { labId, name: 'Ana' } });
  t.after(() => {
    news.disconnect();
    chat.disconnect();
  });
  // Manager.socket() connects by itself (autoConnect); calling connect() again would send a second CONNECT.
  await Promise.all([news, chat].map((s) => new Promise((r) => s.once('connect', () => r(null)))));
  assert.equal(news.io, chat.io, 'one Manager');
  assert.equal(news.io.engine.id, main.io.engine.id, 'one Engine.IO session');
  const headline = next<{ headline: string }>(news as unknown as TestSocket, 'news:headline');
  const res = await (news as unknown as TestSocket)
    .timeout(2000)
    .emitWithAck('news:publish', { headline: 'Ports are 16 bits' });
  assert.deepEqual(res, { ok: true, data: { nsp: '/lab-news', recipients: 1 } });
  assert.equal((await headline).headline, 'Ports are 16 bits');
  void server;
});

test('forceNew gives each namespace its own Engine.IO session', async (t) => {
  const { server, labId } = await lab(t);
  const news = await nsp(server.url, '/lab-news', { labId, name: 'Ana' }, { forceNew: true });
  const chat = await nsp(server.url, '/lab-chat', { labId, name: 'Ana' }, { forceNew: true });
  t.after(() => {
    news.disconnect();
    chat.disconnect();
  });
  assert.notEqual(news.io.engine.id, chat.io.engine.id);
});

test('namespace middleware refuses bad auth and unknown labs with CONNECT_ERROR', async (t) => {
  const { server, labId } = await lab(t);
  await assert.rejects(nsp(server.url, '/lab-news', {}), /needs \{ labId, name \}/);
  await assert.rejects(nsp(server.url, '/lab-news', { labId: 'short', name: 'x' }), /lab id/);
  await assert.rejects(nsp(server.url, '/lab-chat', { labId: 'AAAAAAAA', name: 'x' }), /no lab "AAAAAAAA"/);
  await assert.rejects(nsp(server.url, '/lab-chat', { labId, name: 'x', extra: 1 }), /needs/);
  const ok = await nsp(server.url, '/lab-chat', { labId, name: 'x' });
  ok.disconnect();
});

test('each namespace has its own handlers; labs stay apart inside a namespace', async (t) => {
  const { server, labId } = await lab(t);
  const other = await server.connect();
  const otherLab = await ask<{ labId: string }>(other, 'lab:create', { kind: 'namespaces', name: 'Ben' });
  const chatA = (await nsp(server.url, '/lab-chat', { labId, name: 'Ana' })) as unknown as TestSocket;
  const chatB = (await nsp(server.url, '/lab-chat', {
    labId: otherLab.ok ? otherLab.data.labId : '',
    name: 'Ben',
  })) as unknown as TestSocket;
  t.after(() => {
    chatA.disconnect();
    chatB.disconnect();
  });
  const seenB = collect(chatB, 'chat:line');
  // news:publish has no handler in /lab-chat: no answer comes back.
  await assert.rejects(chatA.timeout(200).emitWithAck('news:publish', { headline: 'wrong room' }), /timed out/);
  const bad = await ask(chatA, 'chat:say', { text: '' });
  assert.equal(bad.ok, false);
  const res = await ask(chatA, 'chat:say', { text: 'hi lab A' });
  assert.equal(res.ok, true);
  await settle(other);
  await ask(chatB, 'chat:say', { text: 'B here' });
  assert.deepEqual(seenB, [{ text: 'B here', from: 'Ben' }]);
});
