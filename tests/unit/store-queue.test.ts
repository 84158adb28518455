import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../server/clock.ts';
import { QueueBroker } from '../../server/store/queue.ts';
import type { Delivery, LifecycleEvent, QueueOptions } from '../../server/store/queue.ts';

function makeBroker(options: Partial<Omit<QueueOptions, 'clock'>> = {}) {
  const clock = new ManualClock(0);
  const broker = new QueueBroker<string>({ clock, mode: 'work', ack: true, maxDepth: 100, ...options });
  const events: LifecycleEvent[] = [];
  broker.onLifecycle((event) => events.push(event));
  return { clock, broker, events };
}

/** A consumer that records what it receives and never acks by itself. */
function recorder(broker: QueueBroker<string>, id: string, group?: string) {
  const got: Array<Delivery<string>> = [];
  broker.addConsumer(id, (delivery) => got.push(delivery), group === undefined ? {} : { group });
  return {
    got,
    bodies: () => got.map((d) => d.body),
    ackAll: () => {
      for (const d of got) broker.ack(id, d.deliveryTag);
    },
  };
}

test('work mode: each message reaches exactly one of two consumers, round robin', () => {
  const { broker } = makeBroker({ ack: true });
  const a = recorder(broker, 'a');
  const b = recorder(broker, 'b');
  for (const body of ['1', '2', '3', '4', '5']) broker.publish({ body });
  assert.deepEqual(a.bodies(), ['1', '3', '5']);
  assert.deepEqual(b.bodies(), ['2', '4']);
  const all = [...a.bodies(), ...b.bodies()].sort();
  assert.deepEqual(all, ['1', '2', '3', '4', '5'], 'nothing lost, nothing doubled');
  a.ackAll();
  b.ackAll();
  assert.deepEqual(
    { ...broker.stats() },
    {
      depth: 0,
      inFlight: 0,
      deadLetters: 0,
      consumers: 2,
      published: 5,
      delivered: 5,
      redelivered: 0,
      acked: 5,
      deduped: 0,
      refused: 0,
      deadLettered: 0,
    },
  );
});

test('work mode: messages published before any consumer wait, then leave FIFO', () => {
  const { broker } = makeBroker();
  for (const body of ['1', '2', '3']) broker.publish({ body });
  assert.equal(broker.stats().depth, 3);
  const a = recorder(broker, 'a');
  assert.deepEqual(a.bodies(), ['1', '2', '3']);
  assert.equal(broker.stats().depth, 0);
  assert.equal(broker.stats().inFlight, 3);
});

test('fanout: every consumer gets its own copy; a shared group splits one copy', () => {
  const { broker } = makeBroker({ mode: 'fanout', ack: false });
  const a = recorder(broker, 'a');
  const b = recorder(broker, 'b');
  const w1 = recorder(broker, 'w1', 'workers');
  const w2 = recorder(broker, 'w2', 'workers');
  for (const body of ['1', '2']) {
    const result = broker.publish({ body });
    assert.equal(result.status === 'enqueued' && result.copies, 3);
  }
  assert.deepEqual(a.bodies(), ['1', '2']);
  assert.deepEqual(b.bodies(), ['1', '2']);
  assert.deepEqual([...w1.bodies(), ...w2.bodies()].sort(), ['1', '2']);
  assert.equal(w1.got.length, 1);
});

test('fanout: a subscriber that joins late sees only later messages; with none, a publish is dropped', () => {
  const { broker, events } = makeBroker({ mode: 'fanout', ack: false });
  assert.deepEqual(broker.publish({ body: 'early' }), { status: 'dropped', messageId: 'm1', reason: 'no-subscribers' });
  assert.equal(events.at(-1)?.type, 'dropped');
  const a = recorder(broker, 'a');
  broker.publish({ body: 'late' });
  assert.deepEqual(a.bodies(), ['late']);
});

test('ack on: a consumer that crashes mid-message gets it redelivered to the other consumer', () => {
  const { broker, events } = makeBroker({ ack: true, prefetch: 1 });
  const a = recorder(broker, 'a');
  const b = recorder(broker, 'b');
  broker.publish({ id: 'job', body: 'x' });
  assert.equal(a.got.length, 1);
  assert.equal(b.got.length, 0);

  broker.removeConsumer('a'); // crash before ack
  assert.equal(b.got.length, 1);
  assert.equal(b.got[0].messageId, 'job');
  assert.equal(b.got[0].attempt, 2);
  assert.equal(b.got[0].redelivered, true);
  assert.deepEqual(
    events.filter((e) => e.messageId === 'job').map((e) => `${e.type}:${e.consumerId ?? ''}`),
    ['enqueued:', 'delivered:a', 'requeued:a', 'redelivered:b'],
  );
  assert.equal(broker.ack('b', b.got[0].deliveryTag).ok, true);
  assert.equal(broker.stats().redelivered, 1);
});

test("ack off (auto-ack): a crashed consumer's message is lost — at-most-once", () => {
  const { broker } = makeBroker({ ack: false });
  const a = recorder(broker, 'a');
  broker.publish({ id: 'job', body: 'x' });
  assert.equal(a.got.length, 1);
  broker.removeConsumer('a'); // crash before doing the work
  const b = recorder(broker, 'b');
  broker.publish({ id: 'next', body: 'y' });
  assert.deepEqual(
    b.got.map((d) => d.messageId),
    ['next'],
    'job is never seen again',
  );
  const stats = broker.stats();
  assert.equal(stats.depth, 0);
  assert.equal(stats.inFlight, 0);
  assert.equal(stats.acked, 2, 'counted as done the moment it was sent');
  assert.equal(broker.ack('a', a.got[0].deliveryTag).ok, false);
});

test('prefetch 1: at most one unacked message per consumer', () => {
  const { broker } = makeBroker({ ack: true, prefetch: 1 });
  const a = recorder(broker, 'a');
  const b = recorder(broker, 'b');
  for (const body of ['1', '2', '3', '4']) broker.publish({ body });
  assert.equal(a.got.length, 1);
  assert.equal(b.got.length, 1);
  assert.equal(broker.stats().depth, 2);
  broker.ack('a', a.got[0].deliveryTag);
  assert.deepEqual(a.bodies(), ['1', '3'], 'the next message goes to whoever has room');
  assert.equal(b.got.length, 1);
  broker.ack('a', a.got[1].deliveryTag);
  assert.deepEqual(a.bodies(), ['1', '3', '4']);
});

test('acking inside the deliver callback re-enters safely and keeps FIFO', () => {
  const { broker } = makeBroker({ ack: true, prefetch: 1 });
  const seen: string[] = [];
  broker.addConsumer('a', (d) => {
    seen.push(d.body);
    broker.ack('a', d.deliveryTag);
  });
  for (const body of ['1', '2', '3']) broker.publish({ body });
  assert.deepEqual(seen, ['1', '2', '3']);
  assert.equal(broker.stats().acked, 3);
});

test('ack with a wrong consumer or stale tag is refused with a reason', () => {
  const { broker } = makeBroker();
  const a = recorder(broker, 'a');
  recorder(broker, 'b');
  broker.publish({ body: 'x' });
  const tag = a.got[0].deliveryTag;
  assert.deepEqual(broker.ack('nobody', tag).ok, false);
  const wrong = broker.ack('b', tag);
  assert.equal(wrong.ok === false && wrong.reason, 'unknown-tag');
  assert.equal(broker.ack('a', tag).ok, true);
  assert.equal(broker.ack('a', tag).ok, false, 'a second ack is not double-counted');
  assert.equal(broker.stats().acked, 1);
  assert.throws(() => broker.addConsumer('a', () => {}), /already exists/);
});

test('visibility timeout: an unacked message becomes visible again and is redelivered', () => {
  const { clock, broker, events } = makeBroker({ ack: true, visibilityTimeoutMs: 1_000 });
  const a = recorder(broker, 'a');
  broker.publish({ id: 'job', body: 'x' });
  clock.advance(999);
  assert.equal(broker.tick(), 0);
  assert.equal(a.got.length, 1);
  clock.advance(1);
  assert.equal(broker.tick(), 1);
  assert.equal(a.got.length, 2, 'the only consumer gets it again');
  assert.equal(a.got[1].attempt, 2);
  assert.notEqual(a.got[1].deliveryTag, a.got[0].deliveryTag);
  const late = broker.ack('a', a.got[0].deliveryTag);
  assert.equal(late.ok === false && late.reason, 'unknown-tag', 'an ack after the timeout is too late');
  assert.equal(broker.ack('a', a.got[1].deliveryTag).ok, true);
  const requeued = events.find((e) => e.type === 'requeued');
  assert.equal(requeued?.reason, 'timeout');
  assert.equal(requeued?.at, 1_000);
});

test('maxDeliveries: after repeated nacks the message is dead-lettered', () => {
  const { broker, events } = makeBroker({ ack: true, maxDeliveries: 3 });
  const attempts: number[] = [];
  broker.addConsumer('a', (d) => {
    attempts.push(d.attempt);
    broker.nack('a', d.deliveryTag, { requeue: true });
  });
  broker.publish({ id: 'poison', body: 'x' });
  assert.deepEqual(attempts, [1, 2, 3]);
  assert.equal(broker.stats().deadLetters, 1);
  assert.equal(broker.stats().depth, 0);
  assert.deepEqual(
    broker.deadLetters().map(({ messageId, attempts: n, reason }) => ({ messageId, n, reason })),
    [{ messageId: 'poison', n: 3, reason: 'max-deliveries' }],
  );
  assert.equal(events.at(-1)?.type, 'dead-lettered');
});

test('maxDeliveries: visibility timeouts count as failed deliveries too', () => {
  const { clock, broker } = makeBroker({ ack: true, visibilityTimeoutMs: 100, maxDeliveries: 2 });
  const a = recorder(broker, 'a');
  broker.publish({ id: 'slow', body: 'x' });
  clock.advance(100);
  broker.tick();
  assert.equal(a.got.length, 2);
  assert.equal(broker.stats().deadLetters, 0);
  clock.advance(100);
  broker.tick();
  assert.equal(a.got.length, 2, 'no third delivery');
  assert.equal(broker.stats().deadLetters, 1);
  assert.equal(broker.stats().inFlight, 0);
});

test('nack without requeue dead-letters at once; a throwing handler counts as a failure', () => {
  const { broker } = makeBroker({ ack: true, maxDeliveries: 2 });
  const a = recorder(broker, 'a');
  broker.publish({ id: 'bad', body: 'x' });
  broker.nack('a', a.got[0].deliveryTag, { requeue: false });
  assert.deepEqual(
    broker.deadLetters().map((d) => d.reason),
    ['rejected'],
  );
  broker.removeConsumer('a');

  let calls = 0;
  broker.addConsumer('thrower', () => {
    calls++;
    throw new Error('boom');
  });
  broker.publish({ id: 'crashy', body: 'y' });
  assert.equal(calls, 2);
  assert.deepEqual(
    broker.deadLetters().map((d) => d.messageId),
    ['bad', 'crashy'],
  );
});

test('dead-letter queue is bounded', () => {
  const { broker } = makeBroker({ ack: true, maxDeadLetters: 2 });
  broker.addConsumer('a', (d) => broker.nack('a', d.deliveryTag, { requeue: false }));
  for (const id of ['1', '2', '3']) broker.publish({ id, body: id });
  assert.deepEqual(
    broker.deadLetters().map((d) => d.messageId),
    ['2', '3'],
  );
  assert.equal(broker.stats().deadLettered, 3);
});

test('dedupe drops a repeated dedupeKey within the window, accepts it after', () => {
  const { clock, broker, events } = makeBroker({ ack: false, dedupe: true, dedupeWindowMs: 500 });
  const a = recorder(broker, 'a');
  assert.equal(broker.publish({ body: 'pay', dedupeKey: 'order-7' }).status, 'enqueued');
  assert.equal(broker.publish({ body: 'pay', dedupeKey: 'order-7' }).status, 'deduped');
  assert.equal(broker.publish({ id: 'x', body: 'by id' }).status, 'enqueued');
  assert.equal(broker.publish({ id: 'x', body: 'by id' }).status, 'deduped', 'the id is the default key');
  assert.equal(broker.publish({ body: 'no key' }).status, 'enqueued');
  assert.equal(broker.publish({ body: 'no key' }).status, 'enqueued', 'nothing to dedupe on');
  assert.deepEqual(a.bodies(), ['pay', 'by id', 'no key', 'no key']);
  assert.equal(broker.stats().deduped, 2);
  assert.equal(events.filter((e) => e.type === 'deduped').length, 2);
  clock.advance(500);
  assert.equal(broker.publish({ body: 'pay', dedupeKey: 'order-7' }).status, 'enqueued');
});

test('dedupe off lets duplicates through', () => {
  const { broker } = makeBroker({ ack: false });
  const a = recorder(broker, 'a');
  broker.publish({ body: 'pay', dedupeKey: 'k' });
  broker.publish({ body: 'pay', dedupeKey: 'k' });
  assert.equal(a.got.length, 2);
});

test('maxDepth refuses publishes with a clear error (backpressure), then accepts once drained', () => {
  const { broker, events } = makeBroker({ ack: true, maxDepth: 2, dedupe: true });
  assert.equal(broker.publish({ id: '1', body: '1' }).status, 'enqueued');
  assert.equal(broker.publish({ id: '2', body: '2' }).status, 'enqueued');
  const refused = broker.publish({ id: '3', body: '3' });
  assert.equal(refused.status, 'refused');
  assert.match(refused.status === 'refused' ? refused.error : '', /queue full.*maxDepth is 2/);
  assert.equal(events.at(-1)?.type, 'refused');
  assert.equal(broker.stats().refused, 1);
  assert.equal(broker.stats().published, 2);

  const a = recorder(broker, 'a');
  assert.equal(broker.publish({ id: '3', body: '3' }).status, 'refused', 'in-flight messages still count');
  a.ackAll();
  assert.equal(
    broker.publish({ id: '3', body: '3' }).status,
    'enqueued',
    'the refused id was not remembered for dedupe',
  );
});

test('fanout maxDepth: one full subscriber refuses the whole publish, no partial copies', () => {
  const { broker } = makeBroker({ mode: 'fanout', ack: true, maxDepth: 1 });
  const fast = recorder(broker, 'fast');
  recorder(broker, 'slow');
  broker.publish({ body: '1' });
  fast.ackAll();
  assert.equal(broker.publish({ body: '2' }).status, 'refused');
  assert.equal(fast.got.length, 1);
});

test('redelivery breaks order: the requeued message arrives after younger ones', () => {
  const { broker } = makeBroker({ ack: true, prefetch: 1 });
  const a = recorder(broker, 'a');
  const b = recorder(broker, 'b');
  for (const body of ['1', '2', '3']) broker.publish({ body });
  // a holds 1, b holds 2; a fails 1, which goes back ahead of 3.
  broker.nack('a', a.got[0].deliveryTag);
  assert.deepEqual(a.bodies(), ['1', '1']);
  broker.ack('b', b.got[0].deliveryTag);
  broker.ack('a', a.got[1].deliveryTag);
  const finishOrder = [...b.bodies(), ...a.bodies()];
  assert.deepEqual(b.bodies(), ['2', '3']);
  assert.ok(finishOrder.indexOf('2') < finishOrder.lastIndexOf('1'), '2 was handled before 1 was');
  assert.deepEqual(broker.snapshot().groups[0].ready, []);
});

test("a crashed consumer's messages go back in publish order, ahead of younger ones", () => {
  const { broker } = makeBroker({ ack: true, prefetch: 2 });
  recorder(broker, 'a');
  for (const body of ['1', '2', '3']) broker.publish({ body });
  assert.deepEqual(broker.snapshot().groups[0].ready, ['m3']);
  broker.removeConsumer('a');
  assert.deepEqual(broker.snapshot().groups[0].ready, ['m1', 'm2', 'm3']);
  const b = recorder(broker, 'b');
  assert.deepEqual(b.bodies(), ['1', '2']);
});

test('lifecycle events carry depth so a widget can plot it over time', () => {
  const { clock, broker, events } = makeBroker({ ack: true });
  broker.publish({ body: '1' });
  clock.advance(10);
  broker.publish({ body: '2' });
  const a = recorder(broker, 'a');
  a.ackAll();
  assert.deepEqual(
    events.map((e) => [e.type, e.messageId, e.depth, e.inFlight, e.at]),
    [
      ['enqueued', 'm1', 1, 0, 0],
      ['enqueued', 'm2', 2, 0, 10],
      ['delivered', 'm1', 1, 1, 10],
      ['delivered', 'm2', 0, 2, 10],
      ['acked', 'm1', 0, 1, 10],
      ['acked', 'm2', 0, 0, 10],
    ],
  );
});

test('option validation rejects unbounded or nonsensical settings', () => {
  const clock = { now: () => 0 };
  assert.throws(() => new QueueBroker({ clock, mode: 'work', ack: true, maxDepth: Infinity }), RangeError);
  assert.throws(() => new QueueBroker({ clock, mode: 'work', ack: true, maxDepth: 1, prefetch: 0 }), RangeError);
  assert.throws(() => new QueueBroker({ clock, mode: 'work', ack: true, maxDepth: 1, maxDeliveries: 1.5 }), RangeError);
});
