// The missed-events lab against real Socket.IO: a real stream at 10 events/s, real transports cut by the server,
// real reconnections (after a fixed backoff), real connection state recovery on the second server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, collect, settle, startTestServer, type TestServer, type TestSocket } from '../helpers/demo-server.ts';
import {
  RECOVERY_PATH,
  type EffectEvent,
  type MissedStatus,
  type OrderReceipt,
  type StreamEvent,
  type SubscribeResult,
} from '../../src/contract/index.ts';
import { SequenceTracker } from '../../src/lib/sequence/tracker.ts';

/** Waits until `check` holds (polling), so tests wait on state, not on fixed sleeps. */
async function until(check: () => boolean, ms = 8000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A client whose reconnection waits exactly `dropMs` (no jitter), as the widget's "drop for N s" does. */
const dropOptions = (dropMs: number) => ({
  reconnection: true,
  reconnectionDelay: dropMs,
  reconnectionDelayMax: dropMs,
  randomizationFactor: 0,
});

async function lab(server: TestServer, opts: Parameters<TestServer['connect']>[0] = {}) {
  const alice = await server.connect(opts);
  const created = await ask<{ labId: string }>(alice, 'lab:create', { kind: 'missed-events', name: 'Alice' });
  assert.ok(created.ok);
  return { alice, labId: created.data.labId };
}

async function join(socket: TestSocket, labId: string, name: string, afterOffset?: string) {
  assert.equal((await ask(socket, 'lab:join', { labId, name })).ok, true);
  const sub = await ask<SubscribeResult>(socket, 'missed:subscribe', afterOffset ? { afterOffset } : {});
  assert.ok(sub.ok, !sub.ok ? sub.error : '');
  return sub.data;
}

async function stopAndCount(alice: TestSocket, lanes: StreamEvent[][]): Promise<number> {
  const stopped = await ask<MissedStatus>(alice, 'missed:configure', { running: false });
  assert.ok(stopped.ok);
  const sent = (await ask<MissedStatus>(alice, 'missed:status', {})).ok
    ? ((await ask<MissedStatus>(alice, 'missed:status', {})) as { data: MissedStatus }).data.sent
    : 0;
  await until(
    () => lanes.every((l) => l.length > 0 && Math.max(...l.map((e) => e.seq)) >= sent),
    3000,
    'the last events',
  );
  return sent;
}

function track(events: StreamEvent[]) {
  const t = new SequenceTracker(1);
  for (const e of events) t.record(e.seq, { replayed: e.replayed === true });
  return t;
}

test('no strategy: Bob dropped for 3 s at 10 events/s misses about 30, exactly sent − received', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { alice, labId } = await lab(server);
  const bob = await server.connect(dropOptions(3000));
  const bobEvents = collect<StreamEvent>(bob, 'missed:event');
  const aliceEvents = collect<StreamEvent>(alice, 'missed:event');
  await join(alice, labId, 'Alice');
  await join(bob, labId, 'Bob');
  assert.equal((await ask<MissedStatus>(alice, 'missed:configure', { running: true, rate: 10 })).ok, true);
  await until(() => bobEvents.length >= 5, 3000, 'Bob’s first events');

  const reasons: string[] = [];
  bob.on('disconnect', (reason) => reasons.push(reason));
  const reconnected = new Promise<void>((resolve) => bob.once('connect', () => resolve()));
  assert.equal((await ask(bob, 'missed:cut', {})).ok, true);
  await reconnected;
  assert.deepEqual(reasons, ['transport close'], 'the client sees an unexpected transport close');
  assert.ok(!bob.recovered, 'the plain server has no recovery');
  await join(bob, labId, 'Bob');
  const before = bobEvents.length;
  await until(() => bobEvents.length >= before + 3, 3000, 'Bob live again');

  const sent = await stopAndCount(alice, [aliceEvents, bobEvents]);
  const lane = track(bobEvents);
  lane.markSentUpTo(sent);
  const c = lane.counters();
  assert.equal(c.missed, sent - c.unique, 'missed is exactly what the server sent minus what Bob holds');
  assert.ok(c.missed >= 20 && c.missed <= 40, `missed ${c.missed} should be about 30`);
  assert.equal(lane.gaps().length, 1, 'one gap: the outage');
  assert.equal(c.duplicates, 0);
  assert.equal(track(aliceEvents).counters().unique, sent, 'Alice, never dropped, has every event');
});

test('connection state recovery: Bob dropped for 3 s misses nothing and socket.recovered is true', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const opts = { path: RECOVERY_PATH };
  const { alice, labId } = await lab(server, opts);
  const bob = await server.connect({ ...opts, ...dropOptions(3000) });
  const bobEvents = collect<StreamEvent>(bob, 'missed:event');
  await join(alice, labId, 'Alice');
  await join(bob, labId, 'Bob');
  const idBefore = bob.id;
  await ask(alice, 'missed:configure', { running: true, rate: 10 });
  await until(() => bobEvents.length >= 5, 3000, 'Bob’s first events');

  // Socket.IO hands the restored packets to the app just before 'connect': mark those as recovered.
  let away = false;
  const restored: number[] = [];
  bob.on('disconnect', () => {
    away = true;
  });
  bob.on('missed:event', (e) => {
    if (away && bob.recovered === true) restored.push(e.seq);
  });
  const reconnected = new Promise<void>((resolve) =>
    bob.once('connect', () => {
      away = false;
      resolve();
    }),
  );
  await ask(bob, 'missed:cut', {});
  const cutAt = bobEvents.length;
  await reconnected;
  assert.equal(bob.recovered, true);
  assert.ok(restored.length >= 20 && restored.length <= 40, `restored ${restored.length} packets, about 30`);
  assert.equal(bob.id, idBefore, 'same socket id after recovery');
  // Rooms came back with the session: no subscribe needed, the stream keeps flowing.
  await until(() => bobEvents.length >= cutAt + 35, 3000, 'the recovered burst and live events');
  const sent = await stopAndCount(alice, [bobEvents]);
  const lane = track(bobEvents);
  lane.markSentUpTo(sent);
  assert.equal(lane.counters().missed, 0);
  assert.equal(lane.counters().duplicates, 0);
  assert.equal(lane.counters().unique, sent);
});

test('offset replay: a "reloaded" client asks for what came after its stored offset — 0 missed, 0 duplicates', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { alice, labId } = await lab(server);
  await join(alice, labId, 'Alice');
  const first = await server.connect();
  const firstEvents = collect<StreamEvent>(first, 'missed:event');
  await join(first, labId, 'Bob');
  await ask(alice, 'missed:configure', { running: true, rate: 20 });
  await until(() => firstEvents.length >= 5, 3000, 'events before the reload');
  first.disconnect(); // the page goes away; only the stored offset survives
  const stored = firstEvents[firstEvents.length - 1]!.offset;
  const aliceEvents = collect<StreamEvent>(alice, 'missed:event');
  await until(() => aliceEvents.length >= 10, 3000, 'events while Bob is away');

  const second = await server.connect();
  const secondEvents = collect<StreamEvent>(second, 'missed:event');
  const sub = await join(second, labId, 'Bob', stored);
  assert.ok(sub.replayed >= 10, `replayed ${sub.replayed}`);
  assert.equal(sub.truncated, false);
  await until(() => secondEvents.length >= sub.replayed + 3, 3000, 'live after replay');
  const sent = await stopAndCount(alice, [secondEvents]);
  const lane = track(firstEvents);
  lane.markSentUpTo(sub.status.sent); // the widget learns the server's count from the other clients
  for (const e of secondEvents) lane.record(e.seq, { replayed: e.replayed === true });
  lane.markSentUpTo(sent);
  assert.equal(lane.counters().missed, 0);
  assert.equal(lane.counters().duplicates, 0);
  assert.equal(lane.counters().recovered, sub.replayed);
});

test('acks with retries and a lost first ack: the effect happens twice without dedupe, once with it', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { alice, labId } = await lab(server);
  await join(alice, labId, 'Alice');
  const bob = await server.connect({ retries: 3, ackTimeout: 300 });
  await join(bob, labId, 'Bob');
  const effects = collect<EffectEvent>(alice, 'missed:effect');
  const send = (key: string, seq: number) =>
    (bob as unknown as { emitWithAck(e: string, p: unknown): Promise<{ ok: true; data: OrderReceipt }> }).emitWithAck(
      'missed:order',
      { key, seq },
    );

  await ask(alice, 'missed:configure', { dropFirstAck: true, dedupe: false });
  const plain = await send('bob-1', 1);
  assert.equal(plain.data.attempt, 2, 'the first ack was lost, the retry got one');
  assert.equal(plain.data.applied, 2, 'without dedupe the effect ran twice');

  await ask(alice, 'missed:configure', { dropFirstAck: true, dedupe: true });
  const deduped = await send('bob-2', 2);
  assert.equal(deduped.data.attempt, 2);
  assert.equal(deduped.data.applied, 1, 'with dedupe the effect ran once');
  assert.equal(deduped.data.deduped, true);
  await settle(alice);
  assert.deepEqual(
    effects.map((e) => [e.key, e.attempt, e.applied, e.deduped, e.from]),
    [
      ['bob-1', 1, 1, false, 'Bob'],
      ['bob-1', 2, 2, false, 'Bob'],
      ['bob-2', 1, 1, false, 'Bob'],
      ['bob-2', 2, 1, true, 'Bob'],
    ],
  );
});

test('bad payloads are refused, the rate is capped by Limits.missedMaxRate, and labs do not leak', async (t) => {
  const server = await startTestServer({ limits: { missedMaxRate: 15 } });
  t.after(() => server.close());
  const outsider = await server.connect();
  assert.equal((await ask(outsider, 'missed:subscribe', {})).ok, false, 'no lab, no stream');
  const { alice, labId } = await lab(server);
  for (const [event, payload] of [
    ['missed:configure', { rate: 0 }],
    ['missed:configure', { rate: 2.5 }],
    ['missed:configure', { running: 'yes' }],
    ['missed:configure', { extra: 1 }],
    ['missed:subscribe', { afterOffset: 'yesterday' }],
    ['missed:order', { key: 'has spaces', seq: 1 }],
    ['missed:order', { key: 'k', seq: 0 }],
    ['missed:cut', { now: true }],
  ] as const) {
    const res = await ask(alice, event, payload);
    assert.equal(res.ok, false, `${event} ${JSON.stringify(payload)}`);
  }
  const capped = await ask<MissedStatus>(alice, 'missed:configure', { rate: 1000 });
  assert.ok(capped.ok && capped.data.rate === 15 && capped.data.maxRate === 15);

  const other = await lab(server);
  const otherEvents = collect<StreamEvent>(other.alice, 'missed:event');
  await join(other.alice, other.labId, 'Alice');
  const mine = collect<StreamEvent>(alice, 'missed:event');
  await join(alice, labId, 'Alice');
  await ask(alice, 'missed:configure', { running: true });
  await until(() => mine.length >= 3, 3000, 'events in my lab');
  await ask(alice, 'missed:configure', { running: false });
  await settle(other.alice);
  assert.deepEqual(otherEvents, [], 'another lab hears nothing of my stream');
});

test('emits buffered while offline are flushed on reconnect, and land in the lab thanks to the handshake auth', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { alice, labId } = await lab(server);
  await join(alice, labId, 'Alice');
  const effects = collect<EffectEvent>(alice, 'missed:effect');
  const bob = await server.connect({ ...dropOptions(500), auth: { labId, name: 'Bob' } });
  await join(bob, labId, 'Bob');
  const gone = new Promise<void>((resolve) => bob.once('disconnect', () => resolve()));
  await ask(bob, 'missed:cut', {});
  await gone;
  for (let seq = 1; seq <= 3; seq++) bob.emit('missed:order', { key: `bob-${seq}`, seq }, () => {});
  assert.equal(bob.sendBuffer.length, 3, 'the client keeps its own emits while offline');
  await until(() => effects.length === 3, 4000, 'the buffered burst');
  assert.deepEqual(
    effects.map((e) => [e.seq, e.from, e.attempt]),
    [
      [1, 'Bob', 1],
      [2, 'Bob', 1],
      [3, 'Bob', 1],
    ],
  );
});

test('connection state recovery fails once the client was away longer than the recovery window', async (t) => {
  const server = await startTestServer({ limits: { missedRecoveryWindowMs: 300 } });
  t.after(() => server.close());
  const opts = { path: RECOVERY_PATH };
  const { alice, labId } = await lab(server, opts);
  const bob = await server.connect({ ...opts, ...dropOptions(900) });
  const bobEvents = collect<StreamEvent>(bob, 'missed:event');
  await join(alice, labId, 'Alice');
  await join(bob, labId, 'Bob');
  const idBefore = bob.id;
  await ask(alice, 'missed:configure', { running: true, rate: 20 });
  await until(() => bobEvents.length >= 2, 3000, 'a first event (recovery needs one)');
  const back = new Promise<void>((resolve) => bob.once('connect', () => resolve()));
  await ask(bob, 'missed:cut', {});
  await back;
  assert.equal(bob.recovered, false, 'away 900 ms > a 300 ms window');
  assert.notEqual(bob.id, idBefore, 'a new session, a new id');
});
