import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io } from 'socket.io-client';
import { ask, collect, next, settle, startTestServer, type TestSocket } from '../helpers/demo-server.ts';
import { isBlockedWebSocket } from '../../server/features/transports.ts';

async function inLab(t: { after(fn: () => Promise<void>): void }, opts: Record<string, unknown> = {}) {
  const server = await startTestServer();
  t.after(() => server.close());
  const socket = await server.connect(opts);
  await ask(socket, 'lab:create', { kind: 'transport-inspector', name: 'You' });
  return { server, socket };
}

test('isBlockedWebSocket matches only WebSocket requests that carry the block flag', () => {
  assert.equal(isBlockedWebSocket('/socket.io/?EIO=4&transport=websocket&sid=abc&sp_block=websocket'), true);
  assert.equal(isBlockedWebSocket('/socket.io/?EIO=4&transport=polling&sp_block=websocket'), false);
  assert.equal(isBlockedWebSocket('/socket.io/?EIO=4&transport=websocket'), false);
  assert.equal(isBlockedWebSocket('/socket.io/?EIO=4&transport=websocket&sp_block=other'), false);
  assert.equal(isBlockedWebSocket(undefined), false);
});

test('transport:ask answers with the transport the server received it on', async (t) => {
  const { socket } = await inLab(t);
  const res = await ask<{ transport: string }>(socket, 'transport:ask', { text: 'hi' });
  assert.deepEqual(res.ok && res.data.transport, 'websocket');
});

test('transport:send (no ack) is echoed back as an event', async (t) => {
  const { socket } = await inLab(t, { transports: ['polling'] });
  const echo = next<{ text: string; transport: string }>(socket, 'transport:echo');
  socket.emit('transport:send', { text: 'over polling' });
  assert.deepEqual(await echo, { text: 'over polling', transport: 'polling' });
});

test('bad payloads are refused and a lab is required', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const socket = await server.connect();
  const noLab = await ask(socket, 'transport:ask', { text: 'hi' });
  assert.equal(noLab.ok, false);
  await ask(socket, 'lab:create', { kind: 'transport-inspector', name: 'You' });
  for (const bad of [{ text: '' }, { text: 1 }, { text: 'x'.repeat(281) }, { text: 'a', more: 1 }, null]) {
    const res = await ask(socket, 'transport:ask', bad);
    assert.equal(res.ok, false, JSON.stringify(bad));
  }
  const errors = collect<{ event: string }>(socket, 'lab:error');
  socket.emit('transport:send', { text: 42 } as never);
  await settle(socket);
  assert.equal(errors.length, 1);
});

/** A polling-first client whose engine events are watched from the very start (the probe begins right after open). */
async function watchedClient(t: { after(fn: () => Promise<void> | void): void }, query: Record<string, string>) {
  const server = await startTestServer();
  t.after(() => server.close());
  const socket = io(server.url, {
    forceNew: true,
    reconnection: false,
    transports: ['polling', 'websocket'],
    query,
  }) as TestSocket;
  t.after(() => void socket.disconnect());
  const outcome = new Promise<string>((resolve) => {
    socket.io.on('open', () => {
      socket.io.engine.once('upgrade', () => resolve('upgrade'));
      socket.io.engine.once('upgradeError', (err: Error) => resolve(`upgradeError: ${err.message}`));
    });
  });
  await new Promise((resolve) => socket.once('connect', () => resolve(null)));
  await ask(socket, 'lab:create', { kind: 'transport-inspector', name: 'You' });
  return { socket, outcome };
}

test('with the block flag the WebSocket upgrade really fails and the client stays on polling', async (t) => {
  const { socket, outcome } = await watchedClient(t, { sp_block: 'websocket' });
  assert.match(await outcome, /^upgradeError: probe error/);
  const res = await ask<{ transport: string }>(socket, 'transport:ask', { text: 'still here' });
  assert.deepEqual(res.ok && res.data.transport, 'polling');
  assert.equal(socket.io.engine.transport.name, 'polling');
});

test('without the flag the same client upgrades to WebSocket', async (t) => {
  const { socket, outcome } = await watchedClient(t, {});
  assert.equal(await outcome, 'upgrade');
  const res = await ask<{ transport: string }>(socket, 'transport:ask', { text: 'upgraded' });
  assert.deepEqual(res.ok && res.data.transport, 'websocket');
});

test('WebSocket only with the block flag cannot connect at all; tryAllTransports falls back to polling', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  await assert.rejects(server.connect({ transports: ['websocket'], query: { sp_block: 'websocket' } }));
  const socket = await server.connect({
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    query: { sp_block: 'websocket' },
  });
  assert.equal(socket.io.engine.transport.name, 'polling');
});
