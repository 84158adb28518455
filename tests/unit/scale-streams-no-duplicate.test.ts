// A replay from the shared log meets a live event still on its way between nodes: the socket gets that event
// once. The ordering is injected, not raced: this test process plays the node running the stream (it logs the
// events and broadcasts them through the Redis Streams adapter as that node does, with the same sendLive), and
// holds event 2's live copy until node B has replayed it to a socket that subscribed there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import type { LabInfo, StreamEvent } from '../../src/contract/index.ts';
import { systemClock } from '../../server/clock.ts';
import type { DemoServer } from '../../server/feature.ts';
import { sendLive } from '../../server/features/missed-live.ts';
import { logStream, type StoredEvent } from '../../server/features/missed-stream.ts';
import { silentLogger } from '../../server/log.ts';
import { redisScale } from '../../server/scale/context.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { RedisOffsetLog } from '../../server/store/redis-offset-log.ts';
import { ask, collect, until } from '../helpers/demo-server.ts';
import { twoNodes } from '../helpers/two-nodes.ts';

test('an event replayed on node B and arriving live a moment later reaches the socket once', async (t) => {
  const { redis, b } = await twoNodes(t);
  // "Node A", in this process: the nodes' key prefix is "test" (tests/helpers/node-child.ts).
  const connection = await connectRedis(redis.url, silentLogger);
  const scale = redisScale(connection, 'node-a-here', 'test');
  const httpServer = createServer();
  // Listening, so that closing the Server (which closes its http.Server too) calls back.
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const nodeA: DemoServer = new Server(httpServer, scale.serverOptions('main'));
  // The log on a connection of its own: the adapter's blocking stream reads would hold up its commands.
  const logConnection = await connectRedis(redis.url, silentLogger);
  t.after(async () => {
    await new Promise<void>((resolve) => nodeA.close(() => resolve()));
    // Destroyed, not quit: twoNodes' cleanup (registered first, so run first) has stopped Redis already.
    for (const c of [connection, logConnection]) c.client.destroy();
  });
  const log = new RedisOffsetLog<StoredEvent>({
    redis: logConnection,
    clock: systemClock,
    key: (s) => scale.key('log', s),
    maxEntries: 100,
    maxAgeMs: 60_000,
  });

  const socket = await b.connect();
  const created = await ask<LabInfo>(socket, 'lab:create', { kind: 'missed-events', name: 'Bob' });
  assert.ok(created.ok, JSON.stringify(created));
  const { labId } = created.data;
  const stopped = await ask(socket, 'missed:configure', { running: false });
  assert.ok(stopped.ok, JSON.stringify(stopped));

  // Node A logs events 1 and 2; the client has 1 already. Event 2's live copy has not left A yet.
  const logged = async (seq: number): Promise<StreamEvent> => {
    const sentAt = Date.now();
    const { offset } = await log.append(logStream(labId), { seq, sentAt });
    return { seq, offset, sentAt };
  };
  const first = await logged(1);
  const second = await logged(2);
  const received = collect<StreamEvent>(socket, 'missed:event');
  const subscribed = await ask<{ replayed: number }>(socket, 'missed:subscribe', { afterOffset: first.offset });
  assert.ok(subscribed.ok, JSON.stringify(subscribed));
  assert.equal(subscribed.data.replayed, 1, 'event 2 comes from the shared log');

  // Now A's live copies leave: event 2 (in flight during the replay), then event 3.
  const third = await logged(3);
  sendLive([nodeA], labId, second);
  sendLive([nodeA], labId, third);
  await until<StreamEvent>(socket, 'missed:event', (e) => e.seq === 3, 5000);
  const seqs = received.map((e) => `${e.seq}${e.replayed ? ' replayed' : ''}`);
  assert.deepEqual(seqs, ['2 replayed', '3'], 'each event once: 2 from the replay, 3 live');
});
