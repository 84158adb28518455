// One behavioural suite, run against both brokers behind AsyncMessageQueue: the in-memory broker (stepped by a
// ManualClock) and the Redis Streams broker on a real redis-server (real time: Redis measures idle time itself,
// so a visibility timeout there has to pass for real; it is kept short).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, systemClock } from '../../server/clock.ts';
import { InMemoryQueue, QueueBroker, RedisStreamsQueue } from '../../server/store/queue.ts';
import type { AsyncMessageQueue, Delivery, LifecycleEvent, QueueOptions } from '../../server/store/queue.ts';
import { connectRedis, type RedisConnection } from '../../server/scale/redis.ts';
import { silentLogger } from '../../server/log.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';

type Options = Partial<Omit<QueueOptions, 'clock'>>;

interface Harness {
  queue: AsyncMessageQueue<string>;
  events: LifecycleEvent<string>[];
  /** Lets `ms` pass for the broker: the manual clock moves, or real time passes for Redis. */
  elapse(ms: number): Promise<void>;
}

interface BrokerUnderTest {
  name: string;
  /** A visibility timeout short enough to wait out for real. */
  visibilityMs: number;
  make(options?: Options): Promise<Harness>;
}

function listen(queue: AsyncMessageQueue<string>) {
  const events: LifecycleEvent<string>[] = [];
  queue.onLifecycle((event) => events.push(event));
  return events;
}

const inMemory: BrokerUnderTest = {
  name: 'in-memory',
  visibilityMs: 5000,
  async make(options = {}) {
    const clock = new ManualClock(0);
    const queue = new InMemoryQueue(
      new QueueBroker<string>({ clock, mode: 'work', ack: true, maxDepth: 100, ...options }),
    );
    return { queue, events: listen(queue), elapse: async (ms) => void clock.advance(ms) };
  },
};

let redis: TestRedis;
let conn: RedisConnection;
let queues = 0;
const redisStreams: BrokerUnderTest = {
  name: 'redis-streams',
  visibilityMs: 300,
  async make(options = {}) {
    const queue = new RedisStreamsQueue<string>({
      clock: systemClock,
      redis: conn.client,
      keyPrefix: `test:queue:${++queues}`,
      ttlMs: 60_000,
      mode: 'work',
      ack: true,
      maxDepth: 100,
      ...options,
    });
    // Margin over the timeout: Redis rounds idle time to the millisecond on its own clock.
    return { queue, events: listen(queue), elapse: (ms) => new Promise((r) => setTimeout(r, ms + 30)) };
  },
};

const elapseReal = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms + 30));

/** A consumer that records what it receives and settles only when told. */
async function recorder(queue: AsyncMessageQueue<string>, id: string, group?: string) {
  const got: Array<Delivery<string>> = [];
  await queue.addConsumer(id, (d) => got.push(d), group === undefined ? {} : { group });
  return { got, bodies: () => got.map((d) => d.body) };
}

for (const broker of [inMemory, redisStreams]) {
  describe(`queue broker: ${broker.name}`, () => {
    if (broker === redisStreams) {
      before(async () => {
        redis = await startRedis();
        conn = await connectRedis(redis.url, silentLogger);
      });
      after(async () => {
        await conn?.close();
        await redis?.stop();
      });
    }
    const vt = broker.visibilityMs;

    test('work mode: each message reaches exactly one of two consumers, round robin; counters add up', async () => {
      const { queue } = await broker.make({ prefetch: 10 });
      const a = await recorder(queue, 'a');
      const b = await recorder(queue, 'b');
      for (const body of ['1', '2', '3', '4']) await queue.publish({ body });
      assert.deepEqual(a.bodies(), ['1', '3']);
      assert.deepEqual(b.bodies(), ['2', '4']);
      for (const d of [...a.got, ...b.got])
        assert.deepEqual(await queue.ack(d.consumerId, d.deliveryTag), { ok: true });
      const stats = await queue.stats();
      assert.deepEqual(
        [stats.depth, stats.inFlight, stats.published, stats.delivered, stats.acked, stats.consumers],
        [0, 0, 4, 4, 4, 2],
      );
    });

    test('messages published before any consumer wait, then leave FIFO', async () => {
      const { queue } = await broker.make({ prefetch: 10 });
      for (const body of ['1', '2', '3']) await queue.publish({ body });
      assert.equal((await queue.stats()).depth, 3);
      const a = await recorder(queue, 'a');
      assert.deepEqual(a.bodies(), ['1', '2', '3']);
      assert.deepEqual([(await queue.stats()).depth, (await queue.stats()).inFlight], [0, 3]);
    });

    test('prefetch: at most that many unacked per consumer; an ack makes room for the next', async () => {
      const { queue } = await broker.make({ prefetch: 2 });
      const a = await recorder(queue, 'a');
      for (const body of ['1', '2', '3', '4']) await queue.publish({ body });
      assert.deepEqual(a.bodies(), ['1', '2']);
      assert.equal((await queue.stats()).depth, 2);
      await queue.ack('a', a.got[0].deliveryTag);
      assert.deepEqual(a.bodies(), ['1', '2', '3']);
    });

    test('ack with a wrong consumer or a settled tag is refused with a reason', async () => {
      const { queue } = await broker.make();
      const a = await recorder(queue, 'a');
      await queue.publish({ body: 'x' });
      const tag = a.got[0].deliveryTag;
      assert.equal((await queue.ack('nobody', tag)).ok, false);
      assert.deepEqual(await queue.ack('a', tag), { ok: true });
      const again = await queue.ack('a', tag);
      assert.ok(!again.ok && again.reason === 'unknown-tag' && /not in flight/.test(again.error));
    });

    test('nack with requeue: the message comes back, counted as a redelivery', async () => {
      const { queue, events } = await broker.make();
      const a = await recorder(queue, 'a');
      await queue.publish({ id: 'job', body: 'x' });
      assert.deepEqual(await queue.nack('a', a.got[0].deliveryTag), { ok: true });
      assert.equal(a.got.length, 2);
      assert.deepEqual([a.got[1].body, a.got[1].attempt, a.got[1].redelivered], ['x', 2, true]);
      assert.ok(events.some((e) => e.type === 'requeued' && e.reason === 'nack' && e.messageId === 'job'));
      assert.equal((await queue.stats()).redelivered, 1);
    });

    test('a consumer that leaves hands its unacked message to another consumer at once', async () => {
      const { queue, events } = await broker.make({ prefetch: 1 });
      const a = await recorder(queue, 'a');
      const b = await recorder(queue, 'b');
      await queue.publish({ id: 'job', body: 'x' });
      assert.deepEqual([a.got.length, b.got.length], [1, 0]);
      assert.equal(await queue.removeConsumer('a'), true);
      assert.deepEqual([b.got[0]?.messageId, b.got[0]?.attempt, b.got[0]?.redelivered], ['job', 2, true]);
      assert.equal(events.find((e) => e.type === 'requeued')?.reason, 'consumer-removed');
      assert.deepEqual(await queue.ack('b', b.got[0].deliveryTag), { ok: true });
    });

    test('visibility timeout: an unacked message is redelivered after it; the late ack is refused', async () => {
      const { queue, events, elapse } = await broker.make({ visibilityTimeoutMs: vt, prefetch: 1 });
      const a = await recorder(queue, 'a');
      const b = await recorder(queue, 'b');
      await queue.publish({ id: 'job', body: 'x' });
      assert.equal(await queue.tick(), 0, 'nothing has timed out yet');
      assert.equal(b.got.length, 0);
      await elapse(vt);
      assert.equal(await queue.tick(), 1);
      const again = [...a.got, ...b.got].filter((d) => d.redelivered);
      assert.deepEqual(
        again.map((d) => [d.messageId, d.attempt]),
        [['job', 2]],
      );
      assert.equal(events.find((e) => e.type === 'requeued')?.reason, 'timeout');
      assert.equal((await queue.ack('a', a.got[0].deliveryTag)).ok, false, 'the first delivery was taken back');
      assert.deepEqual(await queue.ack(again[0].consumerId, again[0].deliveryTag), { ok: true });
    });

    test('poison: after maxDeliveries failed attempts the message is in the dead-letter queue', async () => {
      const { queue, events } = await broker.make({ maxDeliveries: 3 });
      const a = await recorder(queue, 'a');
      await queue.publish({ id: 'poison', body: 'p' });
      for (let i = 0; i < 3; i++) await queue.nack('a', a.got[i].deliveryTag);
      assert.equal(a.got.length, 3, 'delivered exactly maxDeliveries times');
      const dead = events.find((e) => e.type === 'dead-lettered');
      assert.deepEqual([dead?.reason, dead?.attempt], ['max-deliveries', 3]);
      const letters = await queue.deadLetters();
      assert.deepEqual(
        letters.map((l) => [l.messageId, l.body, l.attempts, l.reason]),
        [['poison', 'p', 3, 'max-deliveries']],
      );
      const stats = await queue.stats();
      assert.deepEqual([stats.deadLetters, stats.deadLettered, stats.inFlight, stats.depth], [1, 1, 0, 0]);
    });

    test('poison: visibility timeouts count as failed deliveries too', async () => {
      const { queue, elapse } = await broker.make({ maxDeliveries: 2, visibilityTimeoutMs: vt });
      const a = await recorder(queue, 'a');
      await queue.publish({ id: 'slow', body: 's' });
      await elapse(vt);
      await queue.tick();
      assert.equal(a.got.length, 2);
      await elapse(vt);
      await queue.tick();
      assert.equal(a.got.length, 2, 'no third delivery');
      assert.deepEqual(
        (await queue.deadLetters()).map((l) => [l.messageId, l.attempts]),
        [['slow', 2]],
      );
    });

    test('nack without requeue dead-letters at once; a throwing handler counts as a failure', async () => {
      const { queue } = await broker.make({ maxDeliveries: 2 });
      const a = await recorder(queue, 'a');
      await queue.publish({ id: 'bad', body: 'b' });
      await queue.nack('a', a.got[0].deliveryTag, { requeue: false });
      assert.deepEqual(
        (await queue.deadLetters()).map((l) => [l.messageId, l.reason]),
        [['bad', 'rejected']],
      );
      await queue.removeConsumer('a');
      let calls = 0;
      await queue.addConsumer('thrower', () => {
        calls++;
        throw new Error('boom');
      });
      await queue.publish({ id: 'boom', body: 'x' });
      assert.equal(calls, 2);
      assert.deepEqual(
        (await queue.deadLetters()).map((l) => l.messageId),
        ['bad', 'boom'],
      );
    });

    test('fan-out: a copy per subscriber, a shared group splits one, a late subscriber sees later ones', async () => {
      const { queue } = await broker.make({ mode: 'fanout', ack: false });
      assert.equal((await queue.publish({ id: 'early', body: 'early' })).status, 'dropped');
      const a = await recorder(queue, 'a');
      const b = await recorder(queue, 'b');
      const w1 = await recorder(queue, 'w1', 'workers');
      const w2 = await recorder(queue, 'w2', 'workers');
      for (const body of ['1', '2']) {
        const result = await queue.publish({ body });
        assert.equal(result.status === 'enqueued' && result.copies, 3);
      }
      assert.deepEqual(
        [a.bodies(), b.bodies()],
        [
          ['1', '2'],
          ['1', '2'],
        ],
      );
      assert.deepEqual([...w1.bodies(), ...w2.bodies()].sort(), ['1', '2']);
      const late = await recorder(queue, 'late');
      await queue.publish({ body: '3' });
      assert.deepEqual(late.bodies(), ['3']);
    });

    test("auto-ack: a crashed consumer's message is lost (at-most-once)", async () => {
      const { queue, events } = await broker.make({ ack: false });
      const a = await recorder(queue, 'a');
      await queue.publish({ id: 'job', body: 'x' });
      await queue.removeConsumer('a');
      const b = await recorder(queue, 'b');
      await queue.publish({ id: 'next', body: 'y' });
      assert.deepEqual([a.bodies(), b.bodies()], [['x'], ['y']]);
      assert.ok(events.some((e) => e.type === 'acked' && e.reason === 'auto-ack' && e.messageId === 'job'));
      assert.ok(!events.some((e) => e.type === 'requeued'));
    });

    test('maxDepth refuses a publish with a clear error, and accepts again once drained', async () => {
      const { queue } = await broker.make({ maxDepth: 2 });
      await queue.publish({ body: '1' });
      await queue.publish({ body: '2' });
      const refused = await queue.publish({ body: '3' });
      assert.ok(refused.status === 'refused' && /queue full/.test(refused.error) && refused.held === 2);
      const a = await recorder(queue, 'a');
      await queue.ack('a', a.got[0].deliveryTag);
      assert.equal((await queue.publish({ body: '3' })).status, 'enqueued');
      assert.equal((await queue.stats()).refused, 1);
    });

    if (broker === redisStreams) {
      test('two nodes ticking one queue at once: each timed-out message is redelivered once', async () => {
        const prefix = `test:queue:shared:${++queues}`;
        const node = (consumer: string) => {
          const queue = new RedisStreamsQueue<string>({
            clock: systemClock,
            redis: conn.client,
            keyPrefix: prefix,
            ttlMs: 60_000,
            mode: 'work',
            ack: true,
            maxDepth: 100,
            prefetch: 10,
            visibilityTimeoutMs: vt,
          });
          const got: Array<Delivery<string>> = [];
          return { queue, got, ready: queue.addConsumer(consumer, (d) => got.push(d)) };
        };
        const a = node('on-a');
        await a.ready;
        for (let i = 1; i <= 8; i++) await a.queue.publish({ body: String(i) });
        assert.equal(a.got.length, 8, 'node A holds all eight, unacked');
        const b = node('on-b');
        await b.ready;
        // Node A's consumer leaves without a trace on A (its process died): nothing hands its messages back
        // except the visibility timeout, which both nodes now race to enforce.
        await elapseReal(vt);
        await Promise.all([a.queue.tick(), b.queue.tick(), a.queue.tick(), b.queue.tick()]);
        const redelivered = [...a.got, ...b.got].filter((d) => d.redelivered);
        assert.deepEqual(redelivered.map((d) => d.body).sort(), ['1', '2', '3', '4', '5', '6', '7', '8']);
        assert.ok(
          redelivered.every((d) => d.attempt === 2),
          'each claimed once: attempt 2, never 3',
        );
      });

      test("a message published on one node reaches a consumer on another at that node's next tick", async () => {
        for (const ack of [true, false]) {
          const prefix = `test:queue:cross:${++queues}`;
          const node = () =>
            new RedisStreamsQueue<string>({
              clock: systemClock,
              redis: conn.client,
              keyPrefix: prefix,
              ttlMs: 60_000,
              mode: 'work',
              ack,
              maxDepth: 100,
            });
          const a = node();
          const b = node();
          const got: string[] = [];
          await b.addConsumer('on-b', (d) => got.push(d.body));
          await a.publish({ body: 'from a' });
          assert.deepEqual(got, [], 'node A has no consumer to hand it to');
          await b.tick();
          assert.deepEqual(got, ['from a'], `ack ${ack ? 'on' : 'off'}`);
        }
      });

      test('commands are reported as issued; empty timer polls are not; destroy deletes the keys', async () => {
        const { queue } = await broker.make({ visibilityTimeoutMs: vt });
        const seen: string[] = [];
        queue.onCommand((c) => seen.push(`${c.args[0]} ${c.reply}`));
        const a = await recorder(queue, 'a');
        await queue.publish({ body: 'x' });
        await queue.tick();
        await queue.ack('a', a.got[0].deliveryTag);
        assert.deepEqual(
          seen.map((line) => line.split(' ')[0]),
          // CREATE (the work group) and CREATECONSUMER; the tick's XAUTOCLAIM and the read after the ack found
          // nothing, so they are not shown.
          ['XGROUP', 'XGROUP', 'XINFO', 'XADD', 'XREADGROUP', 'XPENDING', 'XACK'],
        );
        assert.ok(seen.includes('XREADGROUP 1 entry') && seen.includes('XACK (integer) 1'), seen.join(' | '));
        const prefix = `test:queue:${queues}`;
        assert.ok((await conn.client.keys(`${prefix}:*`)).length > 0);
        await queue.destroy();
        assert.deepEqual(await conn.client.keys(`${prefix}:*`), []);
        await assert.rejects(queue.publish({ body: 'y' }), /closed/);
      });
    }

    test('dedupe drops a repeated key within the window', async () => {
      const { queue } = await broker.make({ dedupe: true });
      assert.equal((await queue.publish({ body: 'pay', dedupeKey: 'k1' })).status, 'enqueued');
      assert.equal((await queue.publish({ body: 'pay', dedupeKey: 'k1' })).status, 'deduped');
      assert.equal((await queue.publish({ body: 'pay', dedupeKey: 'k2' })).status, 'enqueued');
      assert.equal((await queue.stats()).deduped, 1);
    });
  });
}
