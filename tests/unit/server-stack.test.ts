import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, startTestServer } from '../helpers/demo-server.ts';
import type { StackEcho } from '../../src/contract/index.ts';
import { decodeSocketPacket } from '../../src/lib/protocol/socketio.ts';

async function inLab(server: Awaited<ReturnType<typeof startTestServer>>) {
  const socket = await server.connect();
  const lab = await ask(socket, 'lab:create', { kind: 'down-the-stack', name: 'You' });
  assert.ok(lab.ok);
  return socket;
}

test('stack:echo answers with the exact Socket.IO packet the server received', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const socket = await inLab(server);
  const text = 'héllo "world" <b>';
  const res = await ask<StackEcho>(socket, 'stack:echo', { text });
  assert.ok(res.ok);
  if (!res.ok) return;
  assert.equal(res.data.event, 'stack:echo');
  assert.equal(res.data.text, text);
  assert.equal(res.data.transport, 'websocket');
  assert.ok(res.data.packet, 'the raw packet was seen');
  // socket.io-client numbers acks from 0 per socket; lab:create used 0, so this emit carries ack id 1.
  assert.equal(res.data.packet, `21${JSON.stringify(['stack:echo', { text }])}`);
  const decoded = decodeSocketPacket(res.data.packet);
  assert.ok(decoded.type === 'EVENT');
  if (decoded.type === 'EVENT') assert.deepEqual(decoded.data, ['stack:echo', { text }]);
  // Two sends of the same text each find their own packet (the ack id differs).
  const again = await ask<StackEcho>(socket, 'stack:echo', { text });
  assert.ok(again.ok && again.data.packet?.startsWith('22['));
});

test('stack:echo refuses bad payloads and sockets outside a lab, and keeps working', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const outsider = await server.connect();
  const refused = await ask(outsider, 'stack:echo', { text: 'hi' });
  assert.deepEqual(refused, { ok: false, error: 'Join a lab first (lab:create or lab:join).', code: 'no-lab' });
  const socket = await inLab(server);
  for (const bad of [{}, { text: '' }, { text: 42 }, { text: 'x'.repeat(281) }, { text: 'hi', extra: 1 }]) {
    const res = await ask(socket, 'stack:echo', bad);
    assert.equal(res.ok, false, JSON.stringify(bad));
  }
  const tooLong = await ask(socket, 'stack:echo', { text: 'x'.repeat(281) });
  assert.ok(!tooLong.ok && /280/.test(tooLong.error));
  const fine = await ask<StackEcho>(socket, 'stack:echo', { text: 'still here' });
  assert.ok(fine.ok && fine.data.text === 'still here');
});
