// The handshake rejoin on two nodes in separate processes on one real Redis: a page that names its lab in the
// handshake `auth` and emits before it is connected (as a client does with what it buffered while offline) has
// those emits handled in its lab. With labs in Redis the rejoin is asynchronous and the buffered packets arrive
// right after CONNECT, so without the dispatcher holding them they were answered "not in a lab".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { io as connect } from 'socket.io-client';
import { ask, type TestSocket } from '../helpers/demo-server.ts';
import { startDemoNode, type DemoNode } from '../helpers/child-node.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';

const ENV = { SP_REDIS_PREFIX: 'rejoin-test' };

let redis: TestRedis;
let a: DemoNode;
let b: DemoNode;
const opened: TestSocket[] = [];

before(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([
    startDemoNode(redis.url, 'node-a', { env: ENV }),
    startDemoNode(redis.url, 'node-b', { env: ENV }),
  ]);
});
after(async () => {
  for (const s of opened) s.disconnect();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

/** A socket that is not connected yet: what it emits now is buffered and flushed right after CONNECT. */
function pending(url: string, auth: object): TestSocket {
  const socket: TestSocket = connect(url, { forceNew: true, transports: ['websocket'], reconnection: false, auth });
  opened.push(socket);
  return socket;
}

test('emits sent before CONNECT by a page rejoining from its handshake are handled in its lab on the other node', async () => {
  const alice = await a.connect();
  const created = await ask<{ labId: string }>(alice, 'lab:create', { kind: 'emit-sequence', name: 'Alice' });
  assert.equal(created.ok, true, JSON.stringify(created));
  const labId = created.ok ? created.data.labId : '';

  // Several pages at once, each with three buffered emits: every one must land in the lab, in order.
  const pages = ['Bob', 'Carol', 'Dan'].map((name) => {
    const socket = pending(b.url, { labId, name });
    const answers = [1, 2, 3].map((n) =>
      ask<{ recipients: string[] }>(socket, 'emit:send', { variant: 'all', text: `${name}-${n}` }),
    );
    return { name, answers };
  });
  for (const { name, answers } of pages) {
    for (const res of await Promise.all(answers)) {
      assert.equal(res.ok, true, `${name}: ${JSON.stringify(res)}`);
      if (res.ok) assert.ok(res.data.recipients.includes('Alice'), `${name}'s emit reaches the lab made on node A`);
    }
  }
});

test('a handshake naming an unknown lab is not held forever: the buffered emit is refused as before', async () => {
  const socket = pending(b.url, { labId: 'nosuchla', name: 'Eve' });
  const res = await ask(socket, 'emit:send', { variant: 'all', text: 'x' });
  assert.equal(res.ok, false);
});
