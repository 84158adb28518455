// The queue lab over real socket.io-client connections, with the demo server on a real Redis: the lab runs on
// Redis Streams consumer groups, says so in its state, and reports the Redis commands it issued.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, collect, startTestServer, type TestServer, type TestSocket } from '../helpers/demo-server.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';
import { connectRedis, type RedisConnection } from '../../server/scale/redis.ts';
import { redisScale } from '../../server/scale/context.ts';
import { silentLogger } from '../../server/log.ts';
import type {
  QueueBrokerCommand,
  QueueDelivery,
  QueueLabEvent,
  QueueLabState,
  QueueSettings,
} from '../../src/contract/index.ts';
import { DEFAULT_QUEUE_SETTINGS } from '../../src/contract/index.ts';

let redis: TestRedis;
let conn: RedisConnection;
let server: TestServer;

before(async () => {
  redis = await startRedis();
  conn = await connectRedis(redis.url, silentLogger);
  server = await startTestServer({ scale: redisScale(conn, 'node-a', 'qtest'), limits: { queueTickMs: 20 } });
});
// One hook, in order: the server first, then its Redis connection, then redis-server itself.
after(async () => {
  await server?.close();
  await conn?.close();
  await redis?.stop();
});

async function queueLab(settings: Partial<QueueSettings> = {}, n = 2) {
  const producer = await server.connect();
  const lab = await ask<{ labId: string }>(producer, 'lab:create', { kind: 'queue-lab', name: 'Producer' });
  assert.ok(lab.ok);
  const commands = collect<QueueBrokerCommand>(producer, 'queue:command');
  const configured = await ask<QueueLabState>(producer, 'queue:configure', { ...DEFAULT_QUEUE_SETTINGS, ...settings });
  assert.ok(configured.ok, JSON.stringify(configured));
  const consumers: Array<{ name: string; socket: TestSocket; got: QueueDelivery[] }> = [];
  for (const name of ['Ada', 'Ben'].slice(0, n)) {
    const socket = await server.connect();
    await ask(socket, 'lab:join', { labId: lab.data.labId, name });
    const got = collect<QueueDelivery>(socket, 'queue:deliver');
    assert.ok((await ask(socket, 'queue:subscribe', {})).ok);
    consumers.push({ name, socket, got });
  }
  const events = collect<QueueLabEvent>(producer, 'queue:event');
  // Subscribing finishes after the ack, with Redis round trips: wait until the lab lists every consumer.
  await until(producer, async () => (await state(producer)).consumers.length === n);
  const publish = (text: string, extra: Record<string, unknown> = {}) =>
    ask<{ status: string; messageId: string }>(producer, 'queue:publish', { text, ...extra });
  return { labId: lab.data.labId, state: configured.data, producer, consumers, events, commands, publish };
}

async function state(socket: TestSocket): Promise<QueueLabState> {
  const res = await ask<QueueLabState>(socket, 'queue:state', {});
  assert.ok(res.ok);
  return res.data;
}

/**
 * Polls `check` until it holds (a condition, not a fixed sleep: the Redis round trips and the tick decide how long).
 * Polling is by timer, not by refused round trips, which the server's flood guard would count against us.
 */
async function until(_socket: TestSocket, check: () => boolean | Promise<boolean>, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(await check(), 'condition never held');
}

test('the lab runs on Redis Streams, each message reaches one consumer, commands are reported', async () => {
  const { state: first, producer, consumers, commands, publish } = await queueLab({ prefetch: 10 });
  assert.equal(first.broker, 'redis-streams');
  for (let i = 1; i <= 4; i++) assert.equal((await publish(`job ${i}`)).ok, true);
  await until(producer, () => consumers.flatMap((c) => c.got).length === 4);
  const texts = consumers.flatMap((c) => c.got.map((d) => d.text)).sort();
  assert.deepEqual(texts, ['job 1', 'job 2', 'job 3', 'job 4'], 'nothing lost, nothing doubled');
  for (const c of consumers) assert.equal(c.got.length, 2, `${c.name} gets its share`);
  const [ada] = consumers;
  assert.ok((await ask(ada!.socket, 'queue:ack', { tag: ada!.got[0]!.tag })).ok);
  await until(producer, () => commands.some((c) => c.args[0] === 'XACK'));
  const names = commands.map((c) => c.args.slice(0, 2).join(' '));
  assert.ok(names.includes('XGROUP CREATE'), 'the work group is created');
  assert.ok(
    names.some((n) => n.startsWith('XADD')),
    'publish is an XADD',
  );
  const read = commands.find((c) => c.args[0] === 'XREADGROUP')!;
  assert.equal(read.args[read.args.indexOf('COUNT') + 1], '10', 'COUNT is the room in the prefetch window');
  const xadd = commands.find((c) => c.args[0] === 'XADD')!;
  assert.ok(xadd.args.includes(JSON.stringify({ text: 'job 1', poison: false })), 'the body travels in the entry');
  const stats = (await state(producer)).stats;
  assert.deepEqual([stats.published, stats.delivered, stats.acked, stats.inFlight], [4, 4, 1, 3]);
});

test("a crashed consumer's unacked message goes to the other consumer at once", async () => {
  const { producer, consumers, events, publish } = await queueLab({ visibilityMs: 60_000 });
  const [ada, ben] = consumers;
  await publish('job 1');
  await until(producer, () => ada!.got.length + ben!.got.length === 1);
  const [holder, other] = ada!.got.length === 1 ? [ada!, ben!] : [ben!, ada!];
  holder.socket.disconnect();
  await until(producer, () => other.got.length === 1);
  assert.deepEqual([other.got[0]!.text, other.got[0]!.attempt, other.got[0]!.redelivered], ['job 1', 2, true]);
  await until(producer, () => events.some((e) => e.type === 'requeued'));
  const requeued = events.find((e) => e.type === 'requeued')!;
  assert.deepEqual([requeued.reason, requeued.consumer], ['consumer-removed', holder.name]);
});

test('a consumer that never acks loses its message to the other after the visibility timeout', async () => {
  const { producer, consumers, events, publish } = await queueLab({ visibilityMs: 1000 });
  const [ada, ben] = consumers;
  await publish('slow job');
  await until(producer, () => ada!.got.length + ben!.got.length === 1);
  const [holder, other] = ada!.got.length === 1 ? [ada!, ben!] : [ben!, ada!];
  await until(producer, () => other.got.length === 1);
  assert.equal(other.got[0]!.redelivered, true);
  // Lifecycle events follow once the broker's step is done (deliveries go out as they happen).
  await until(producer, () => events.some((e) => e.type === 'requeued'));
  // The first requeue is the holder's; the other consumer never acks either, so on a slow machine a second one
  // (its own timeout, a second later) may already be in.
  const requeued = events.filter((e) => e.type === 'requeued').map((e) => [e.reason, e.consumer]);
  assert.deepEqual(requeued[0], ['timeout', holder.name]);
  assert.deepEqual(
    requeued.map(([reason]) => reason),
    requeued.map(() => 'timeout'),
  );
  const late = await ask(holder.socket, 'queue:ack', { tag: holder.got[0]!.tag });
  assert.equal(late.ok, false, 'the late ack is refused: the message was claimed by the other consumer');
  assert.match(!late.ok ? late.error : '', /not in flight/);
});

test('a message every consumer fails on lands in the dead-letter stream after maxDeliveries', async () => {
  const { producer, consumers, events, commands, publish } = await queueLab({ maxDeliveries: 3 });
  for (const c of consumers) c.socket.on('queue:deliver', (d) => c.socket.emit('queue:nack', { tag: d.tag }, () => {}));
  await publish('poison', { poison: true });
  await until(producer, () => events.some((e) => e.type === 'dead-lettered'));
  const dead = events.find((e) => e.type === 'dead-lettered')!;
  assert.deepEqual(
    [dead.reason, dead.attempt, dead.text, dead.poison, dead.deadLetters],
    ['max-deliveries', 3, 'poison', true, 1],
  );
  assert.equal(consumers.flatMap((c) => c.got).filter((d) => d.text === 'poison').length, 3);
  assert.ok(
    commands.some((c) => c.args[0] === 'XADD' && c.args[1].endsWith(':dead')),
    'copied to the dead-letter stream',
  );
  assert.ok(
    commands.some((c) => c.args[0] === 'XPENDING'),
    'delivery counts come from XPENDING',
  );
});

test('fan-out: one consumer group per subscriber, each gets its own copy', async () => {
  const { producer, consumers, commands, publish } = await queueLab({ mode: 'fanout' });
  const res = await publish('news');
  assert.ok(res.ok && res.data.status === 'enqueued');
  await until(producer, () => consumers.every((c) => c.got.length === 1));
  for (const c of consumers) assert.equal(c.got[0]!.text, 'news');
  const groups = commands.filter((c) => c.args[0] === 'XGROUP' && c.args[1] === 'CREATE').map((c) => c.args[3]);
  assert.equal(new Set(groups).size, 2, 'a group per subscriber');
});

test("a rebuilt queue's keys are deleted, and the live ones expire", async () => {
  const { labId, producer, publish } = await queueLab({}, 1);
  await publish('job');
  const before = await conn.client.keys(`qtest:queue:${labId}:*`);
  assert.ok(before.length > 0);
  for (const key of before) assert.ok((await conn.client.pTTL(key)) > 0, `${key} expires`);
  await ask(producer, 'queue:configure', { ...DEFAULT_QUEUE_SETTINGS });
  const version = (await state(producer)).version;
  await until(producer, async () =>
    (await conn.client.keys(`qtest:queue:${labId}:*`)).every((key) => key.includes(`:${version}:`)),
  );
});

test('a consumer subscribing while new settings rebuild the queue is attached to the new queue once', async () => {
  const { labId, producer, commands } = await queueLab({}, 1);
  const late = await server.connect();
  await ask(late, 'lab:join', { labId, name: 'Cai' });
  // Sent together: the rebuild destroys the old queue (Redis round trips) while Cai subscribes.
  const [configured, subscribed] = await Promise.all([
    ask<QueueLabState>(producer, 'queue:configure', { ...DEFAULT_QUEUE_SETTINGS, prefetch: 3 }),
    ask(late, 'queue:subscribe', {}),
  ]);
  assert.ok(configured.ok, JSON.stringify(configured));
  assert.ok(subscribed.ok, JSON.stringify(subscribed));
  const version = configured.data.version;
  await until(producer, async () => (await state(producer)).consumers.length === 2);
  const created = () =>
    commands.filter((c) => c.version === version && c.args[0] === 'XGROUP' && c.args[1] === 'CREATECONSUMER');
  await until(producer, () => created().length === 2);
  assert.equal(new Set(created().map((c) => c.args[4])).size, 2, 'each consumer created once on the new queue');
});
