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
import type { QueueDelivery, QueueLabEvent, QueueLabState, QueueSettings } from '../../src/contract/index.ts';
import { DEFAULT_QUEUE_SETTINGS } from '../../src/contract/index.ts';
import { labsWithQueues } from '../../server/features/queue-lab.ts';

type T = { after(fn: () => Promise<void>): void };

/** A producer and `n` consumer sockets in one lab, the queue configured with `settings`. */
async function queueLab(t: T, settings: Partial<QueueSettings> = {}, n = 2, server?: TestServer) {
  server ??= await startTestServer({ limits: { queueTickMs: 10 } });
  const s = server;
  t.after(() => s.close());
  const producer = await s.connect();
  const lab = await ask<{ labId: string }>(producer, 'lab:create', { kind: 'queue-lab', name: 'Producer' });
  assert.ok(lab.ok);
  const labId = lab.data.labId;
  const configured = await ask<QueueLabState>(producer, 'queue:configure', { ...DEFAULT_QUEUE_SETTINGS, ...settings });
  assert.ok(configured.ok, JSON.stringify(configured));
  const consumers: Array<{ name: string; socket: TestSocket; got: QueueDelivery[] }> = [];
  for (const name of ['Ada', 'Ben', 'Cleo'].slice(0, n)) {
    const socket = await s.connect();
    await ask(socket, 'lab:join', { labId, name });
    const got = collect<QueueDelivery>(socket, 'queue:deliver');
    const sub = await ask(socket, 'queue:subscribe', {});
    assert.ok(sub.ok);
    await settle(socket); // the consumer is attached after the ack
    consumers.push({ name, socket, got });
  }
  const events = collect<QueueLabEvent>(producer, 'queue:event');
  const publish = (text: string, extra: Record<string, unknown> = {}) =>
    ask<{ status: string; messageId: string }>(producer, 'queue:publish', { text, ...extra });
  return { server: s, producer, consumers, events, publish, labId };
}

async function settleAll(...sockets: TestSocket[]) {
  for (const s of sockets) await settle(s);
}

/** Waits until `check` passes, polling by round trips (never by sleeping). */
async function until(socket: TestSocket, check: () => boolean, tries = 200) {
  for (let i = 0; i < tries && !check(); i++) await settle(socket);
  assert.ok(check(), 'condition never held');
}

test('work mode gives each message to exactly one consumer', async (t) => {
  const { producer, consumers, publish } = await queueLab(t, { mode: 'work', prefetch: 10 });
  for (let i = 1; i <= 6; i++) assert.equal((await publish(`job ${i}`)).ok, true);
  await settleAll(producer, ...consumers.map((c) => c.socket));
  const texts = consumers.flatMap((c) => c.got.map((d) => d.text)).sort();
  assert.deepEqual(texts, ['job 1', 'job 2', 'job 3', 'job 4', 'job 5', 'job 6'], 'nothing lost, nothing doubled');
  for (const c of consumers) assert.equal(c.got.length, 3, `${c.name} gets its share (round robin)`);
});

test('fanout mode gives each consumer its own copy', async (t) => {
  const { producer, consumers, publish } = await queueLab(t, { mode: 'fanout' });
  const res = await publish('news');
  assert.ok(res.ok && res.data.status === 'enqueued');
  await settleAll(producer, ...consumers.map((c) => c.socket));
  for (const c of consumers)
    assert.deepEqual(
      c.got.map((d) => d.text),
      ['news'],
      `${c.name} got a copy`,
    );
});

test("a crashed consumer's unacked message is delivered to another consumer at once", async (t) => {
  const { producer, consumers, publish, events } = await queueLab(t, { ack: true, visibilityMs: 60_000 });
  const [ada, ben] = consumers;
  await publish('job 1');
  await settleAll(ada!.socket);
  assert.equal(ada!.got.length, 1, 'round robin starts with the first consumer');
  const redelivered = next<QueueDelivery>(ben!.socket, 'queue:deliver');
  ada!.socket.disconnect(); // crash: the socket really goes away, without acking
  const d = await redelivered;
  assert.equal(d.text, 'job 1');
  assert.equal(d.redelivered, true);
  assert.equal(d.attempt, 2);
  await settle(producer);
  const requeued = events.find((e) => e.type === 'requeued');
  assert.equal(requeued?.reason, 'consumer-removed', 'handed back because the consumer left, not after the timeout');
  assert.equal(requeued?.consumer, 'Ada');
  assert.ok(events.some((e) => e.type === 'redelivered' && e.consumer === 'Ben'));
  // Ben acks the redelivery; the queue is empty.
  assert.equal((await ask(ben!.socket, 'queue:ack', { tag: d.tag })).ok, true);
  const state = await ask<QueueLabState>(producer, 'queue:state', {});
  assert.ok(state.ok);
  assert.deepEqual([state.data.stats.depth, state.data.stats.inFlight, state.data.stats.acked], [0, 0, 1]);
  assert.deepEqual(
    state.data.consumers.map((c) => c.name),
    ['Ben'],
  );
});

test('a consumer that stays connected but never acks gets its message taken back after the visibility timeout', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: { queueTickMs: 10 } });
  const { producer, consumers, publish, events } = await queueLab(t, { ack: true, visibilityMs: 5000 }, 2, server);
  const [ada, ben] = consumers;
  await publish('job 1');
  await settleAll(ada!.socket);
  const tag = ada!.got[0]!.tag;
  clock.advance(4999);
  await settleAll(producer, ben!.socket);
  assert.equal(ben!.got.length, 0, 'not before the timeout');
  clock.advance(1);
  await until(ben!.socket, () => ben!.got.length === 1);
  assert.equal(ben!.got[0]!.redelivered, true);
  await until(producer, () => events.some((e) => e.type === 'requeued'));
  assert.equal(events.find((e) => e.type === 'requeued')?.reason, 'timeout');
  const late = await ask(ada!.socket, 'queue:ack', { tag });
  assert.equal(late.ok, false, "Ada's late ack is refused: the message was handed back");
  assert.match(!late.ok ? late.error : '', /not in flight/);
});

test('a message every consumer fails on lands in the dead-letter queue after maxDeliveries', async (t) => {
  const { producer, consumers, publish, events } = await queueLab(t, { ack: true, maxDeliveries: 3 });
  // Every consumer nacks the poison message as soon as it arrives.
  for (const c of consumers) c.socket.on('queue:deliver', (d) => c.socket.emit('queue:nack', { tag: d.tag }, () => {}));
  await publish('poison', { poison: true });
  await until(producer, () => events.some((e) => e.type === 'dead-lettered'));
  const dead = events.find((e) => e.type === 'dead-lettered')!;
  assert.equal(dead.reason, 'max-deliveries');
  assert.equal(dead.attempt, 3);
  assert.equal(dead.text, 'poison');
  assert.equal(dead.poison, true);
  assert.equal(dead.deadLetters, 1);
  const deliveries = consumers.flatMap((c) => c.got).filter((d) => d.text === 'poison');
  assert.equal(deliveries.length, 3, 'delivered exactly maxDeliveries times');
  assert.ok(
    new Set(consumers.filter((c) => c.got.length > 0).map((c) => c.name)).size >= 2,
    'more than one consumer tried',
  );
});

test('ack off + crash loses the message: at-most-once', async (t) => {
  const { producer, consumers, publish, events } = await queueLab(t, { ack: false });
  const [ada, ben] = consumers;
  await publish('job 1');
  await settleAll(ada!.socket);
  assert.equal(ada!.got.length, 1);
  ada!.socket.disconnect(); // crashes before "processing" it
  await settleAll(producer, ben!.socket);
  await publish('job 2'); // proves the queue still works, and that job 1 is not behind it
  await settleAll(ben!.socket);
  assert.deepEqual(
    ben!.got.map((d) => d.text),
    ['job 2'],
    'job 1 never comes back',
  );
  assert.ok(events.some((e) => e.type === 'acked' && e.reason === 'auto-ack' && e.text === 'job 1'));
  assert.ok(!events.some((e) => e.type === 'requeued'));
});

test('dedupe drops a second publish with the same key; without dedupe both go through', async (t) => {
  const on = await queueLab(t, { dedupe: true }, 1);
  assert.equal((await on.publish('pay 7', { dedupeKey: 'pay-7' })).ok && 'enqueued', 'enqueued');
  const second = await on.publish('pay 7', { dedupeKey: 'pay-7' });
  assert.ok(second.ok && second.data.status === 'deduped');
  await settleAll(on.consumers[0]!.socket);
  assert.equal(on.consumers[0]!.got.length, 1);

  const off = await queueLab(t, { dedupe: false }, 1);
  await off.publish('pay 7', { dedupeKey: 'pay-7' });
  await off.publish('pay 7', { dedupeKey: 'pay-7' });
  await settleAll(off.consumers[0]!.socket);
  assert.equal(off.consumers[0]!.got.length, 1, 'prefetch 1: the second waits');
  assert.equal((await ask(off.consumers[0]!.socket, 'queue:ack', { tag: off.consumers[0]!.got[0]!.tag })).ok, true);
  await settleAll(off.consumers[0]!.socket);
  assert.equal(off.consumers[0]!.got.length, 2, 'the duplicate is processed too');
});

test('a full queue refuses publishes (bounded), and labs never share a queue', async (t) => {
  const server = await startTestServer({ limits: { queueTickMs: 10, queueMaxDepth: 3 } });
  const a = await queueLab(t, {}, 0, server);
  const b = await queueLab(t, {}, 1, server);
  const statuses = [];
  for (let i = 0; i < 4; i++) {
    const r = await a.publish(`job ${i}`);
    statuses.push(r.ok ? r.data.status : 'error');
  }
  assert.deepEqual(statuses, ['enqueued', 'enqueued', 'enqueued', 'refused']);
  await settleAll(b.consumers[0]!.socket);
  assert.equal(b.consumers[0]!.got.length, 0, "lab B's consumer sees nothing of lab A");
});

test('an ack from before a settings change cannot settle a message of the new queue', async (t) => {
  const { producer, consumers, publish } = await queueLab(t, {}, 1);
  const ada = consumers[0]!;
  await publish('old job');
  await settleAll(ada.socket);
  const old = ada.got[0]!;
  assert.equal(old.version, 2);
  await ask(producer, 'queue:configure', { ...DEFAULT_QUEUE_SETTINGS }); // rebuilt: version 3, tags start again
  await publish('new job');
  await settleAll(ada.socket);
  const fresh = ada.got[1]!;
  assert.equal(fresh.tag, old.tag, 'the new queue reuses the tag');
  const stale = await ask(ada.socket, 'queue:ack', { tag: old.tag, version: old.version });
  assert.equal(stale.ok, false);
  assert.match(!stale.ok ? stale.error : '', /older queue/);
  assert.equal((await ask(ada.socket, 'queue:ack', { tag: fresh.tag, version: fresh.version })).ok, true);
});

test('bad payloads are refused with { ok: false } and change nothing', async (t) => {
  const { producer, consumers } = await queueLab(t, {}, 1);
  const cases: Array<[string, unknown]> = [
    ['queue:publish', { text: '' }],
    ['queue:publish', { text: 'x'.repeat(41) }],
    ['queue:publish', { text: 'a\u0000b' }],
    ['queue:publish', { text: 'ok', dedupeKey: 'has space' }],
    ['queue:publish', { text: 'ok', extra: 1 }],
    ['queue:configure', { ...DEFAULT_QUEUE_SETTINGS, prefetch: 0 }],
    ['queue:configure', { ...DEFAULT_QUEUE_SETTINGS, mode: 'topic' }],
    ['queue:configure', { ...DEFAULT_QUEUE_SETTINGS, visibilityMs: 10 }],
    ['queue:ack', { tag: 'nope' }],
    ['queue:nack', { tag: 't1', requeue: 'yes' }],
    ['queue:subscribe', null],
  ];
  for (const [event, payload] of cases) {
    const res = await ask(producer, event, payload);
    assert.equal(res.ok, false, `${event} should refuse ${JSON.stringify(payload)}`);
  }
  // Acking a tag you do not hold is refused too: ownership is checked, not just the shape.
  const stranger = await ask(producer, 'queue:ack', { tag: 't1' });
  assert.equal(stranger.ok, false);
  const state = await ask<QueueLabState>(producer, 'queue:state', {});
  assert.ok(
    state.ok && state.data.stats.published === 0 && state.data.settings.prefetch === DEFAULT_QUEUE_SETTINGS.prefetch,
  );
  await settleAll(consumers[0]!.socket);
  assert.equal(consumers[0]!.got.length, 0);
});

test('queue events before joining a lab are refused', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const s = await server.connect();
  const res = await ask(s, 'queue:publish', { text: 'hi' });
  assert.equal(res.ok, false);
  assert.match(!res.ok ? res.error : '', /Join a lab first/);
});

test("the lab's queue is removed once the lab has expired", async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: { queueTickMs: 10, labIdleMs: 1000 } });
  const { producer, consumers, labId } = await queueLab(t, {}, 1, server);
  const other = await queueLab(t, {}, 0, server); // a lab still alive keeps its queue
  assert.deepEqual(labsWithQueues(server.demo.io).sort(), [labId, other.labId].sort());
  for (const s of [producer, consumers[0]!.socket]) s.disconnect();
  await until(other.producer, () => server.demo.labs.get(labId)?.members.size === 0);
  clock.advance(1000);
  server.demo.labs.sweep();
  assert.equal(server.demo.labs.get(labId), undefined);
  // The expired lab's timer notices on its next tick, stops, and drops the queue.
  await until(other.producer, () => !labsWithQueues(server.demo.io).includes(labId));
  assert.deepEqual(labsWithQueues(server.demo.io), [other.labId]);
});
