// A socket that stops reading is cut off once the server holds more than maxUnsentBytes for it, while a reader
// that keeps up stays connected. Real sockets: the slow reader pauses its own TCP socket.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Socket as NetSocket } from 'node:net';
import { unsentBytes } from '../../server/slow-readers.ts';
import { ask, fakeClock, startTestServer, type TestSocket } from '../helpers/demo-server.ts';

const limits = { maxTextLength: 60_000, maxPayloadBytes: 128 * 1024, eventsPerSecond: 10_000, eventBurst: 10_000 };

/** The TCP socket under a socket.io-client WebSocket connection (Node's ws). */
const tcpOf = (s: TestSocket) => (s.io.engine.transport as unknown as { ws: { _socket: NetSocket } }).ws._socket;

test('unsentBytes counts the WebSocket buffer and the queued packets, and stops counting past the cap', () => {
  const conn = {
    transport: { name: 'websocket', socket: { bufferedAmount: 100 } },
    writeBuffer: [{ data: 'abc' }],
    close() {},
  };
  assert.equal(unsentBytes(conn), 103);
  const many = { writeBuffer: Array.from({ length: 1000 }, () => ({ data: 'x'.repeat(10) })), close() {} };
  assert.ok(unsentBytes(many, 50) < 100, 'stops early');
});

for (const [maxUnsentBytes, cut] of [
  [256 * 1024, true],
  [512 * 1024 * 1024, false],
] as const) {
  test(`SP_MAX_UNSENT_BYTES ${maxUnsentBytes}: a paused reader is ${cut ? '' : 'not '}cut off; a live one stays`, async (t) => {
    const clock = fakeClock(); // the once-a-second check runs when the test moves this clock on
    const server = await startTestServer({ clock, limits: { ...limits, maxUnsentBytes } });
    t.after(() => server.close());
    const sender = await server.connect();
    const lab = await ask<{ labId: string }>(sender, 'lab:create', { kind: 'k', name: 'Sender' });
    assert.ok(lab.ok);
    const slow = await server.connect();
    assert.ok((await ask(slow, 'lab:join', { labId: lab.data.labId, name: 'Slow' })).ok);
    let slowGone = false;
    slow.on('disconnect', () => (slowGone = true));
    const slowId = slow.id!;
    tcpOf(slow).pause();
    const text = 'x'.repeat(60_000);
    // ~9 MB to everyone in the lab: more than the kernel buffers for a paused reader's connection on loopback.
    for (let i = 0; i < 150 && server.demo.io.of('/').sockets.has(slowId); i++) {
      assert.ok((await ask(sender, 'emit:send', { variant: 'all', text })).ok);
      if (i % 50 === 49) clock.advance(1000); // the once-a-second check runs
    }
    assert.equal(!server.demo.io.of('/').sockets.has(slowId), cut, cut ? 'the slow reader was cut off' : 'kept');
    assert.equal(sender.connected, true, 'the sender, who reads, stays');
    assert.equal(slowGone, false, 'the paused client cannot even read its own disconnect');
    tcpOf(slow).resume();
  });
}
