// Work the server makes itself stays bounded: a stream stops once its lab is empty and gives its quota back, the
// recovery server keeps no copy of events none of its sockets needs, running streams and replays are capped, and
// each lab has its own idempotency store so one lab cannot evict another's keys. Real sockets, random port.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Limits } from '../../server/config.ts';
import { recoveryServers } from '../../server/features/missed-events.ts';
import {
  RECOVERY_PATH,
  type MissedStatus,
  type OrderReceipt,
  type StreamEvent,
  type SubscribeResult,
} from '../../src/contract/index.ts';
import { ask, collect, startTestServer, type TestServer } from '../helpers/demo-server.ts';

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function serve(t: TestContext, limits: Partial<Limits> = {}) {
  const server = await startTestServer({ limits });
  t.after(() => server.close());
  return server;
}

async function inLab(server: TestServer, name = 'A') {
  const socket = await server.connect();
  const lab = await ask<{ labId: string }>(socket, 'lab:create', { kind: 'missed-events', name });
  assert.ok(lab.ok);
  return { socket, labId: lab.data.labId };
}

test('a stream stops as soon as its lab is empty, and gives its running-stream quota back', async (t) => {
  const server = await serve(t);
  const { socket } = await inLab(server);
  assert.ok((await ask(socket, 'missed:configure', { running: true, rate: 20 })).ok);
  assert.equal(server.demo.clients.runningStreams, 1);
  socket.disconnect();
  await until(() => server.demo.clients.runningStreams === 0, 'the stream to stop');
});

test('the recovery server keeps no copy of stream events unless one of its sockets is in the lab', async (t) => {
  const server = await serve(t);
  const recovery = recoveryServers.get(server.demo.io)!;
  // Socket.IO's session-aware adapter keeps each broadcast it may have to replay in `packets`.
  const stored = () => (recovery.of('/').adapter as unknown as { packets: unknown[] }).packets.length;
  const { socket, labId } = await inLab(server);
  const events = collect<StreamEvent>(socket, 'missed:event');
  assert.ok((await ask<SubscribeResult>(socket, 'missed:subscribe', {})).ok);
  assert.ok((await ask(socket, 'missed:configure', { running: true, rate: 20 })).ok);
  await until(() => events.length >= 5, 'five events on the main server');
  assert.equal(stored(), 0, 'nobody on the recovery server: nothing kept');
  // A socket on the recovery server joins the lab's stream: from then on its events are kept for recovery.
  const bob = await server.connect({ path: RECOVERY_PATH });
  assert.ok((await ask(bob, 'lab:join', { labId, name: 'Bob' })).ok);
  assert.ok((await ask(bob, 'missed:subscribe', {})).ok);
  const bobEvents = collect<StreamEvent>(bob, 'missed:event');
  await until(() => bobEvents.length >= 2, 'events on the recovery server');
  assert.ok(stored() >= 2, 'kept for the recovery socket');
});

test('SP_MAX_RUNNING_STREAMS and SP_MAX_RUNNING_STREAMS_PER_ADDRESS: a stream over a cap is refused, both ways', async (t) => {
  for (const [limits, expected] of [
    [{ maxRunningStreams: 1 }, [true, false]],
    [{ maxRunningStreamsPerAddress: 1 }, [true, false]],
    [{ maxRunningStreams: 5, maxRunningStreamsPerAddress: 5 }, [true, true]],
  ] as const) {
    const server = await serve(t, limits);
    const results = [];
    for (const name of ['A', 'B']) {
      const { socket } = await inLab(server, name);
      results.push((await ask<MissedStatus>(socket, 'missed:configure', { running: true, rate: 5 })).ok);
    }
    assert.deepEqual(results, expected, JSON.stringify(limits));
  }
});

test('tickers count as running streams too', async (t) => {
  const server = await serve(t, { maxRunningStreamsPerAddress: 1 });
  const a = await inLab(server, 'A');
  const b = await inLab(server, 'B');
  assert.equal((await ask(a.socket, 'ticker:start', {})).ok, true);
  const refused = await ask(b.socket, 'ticker:start', {});
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.code, 'rate-limited');
});

/** A lab whose stream has sent at least `n` events, and the first event's offset. */
async function streamed(server: TestServer, n: number) {
  const { socket, labId } = await inLab(server);
  const events = collect<StreamEvent>(socket, 'missed:event');
  assert.ok((await ask(socket, 'missed:subscribe', {})).ok);
  assert.ok((await ask(socket, 'missed:configure', { running: true, rate: 20 })).ok);
  await until(() => events.length >= n, `${n} events`);
  assert.ok((await ask(socket, 'missed:configure', { running: false })).ok);
  return { socket, labId, first: events[0]!.offset };
}

test('SP_MAX_REPLAY_EVENTS: a replay sends at most that many (the newest) and says the rest are gone', async (t) => {
  for (const [maxReplayEvents, truncated] of [
    [3, true],
    [1000, false],
  ] as const) {
    const server = await serve(t, { maxReplayEvents });
    const { labId, first } = await streamed(server, 8);
    const bob = await server.connect();
    assert.ok((await ask(bob, 'lab:join', { labId, name: 'Bob' })).ok);
    const replayed = collect<StreamEvent>(bob, 'missed:event');
    const res = await ask<SubscribeResult>(bob, 'missed:subscribe', { afterOffset: first });
    assert.ok(res.ok);
    assert.equal(res.data.truncated, truncated, `maxReplayEvents ${maxReplayEvents}`);
    assert.equal(res.data.replayed, Math.min(maxReplayEvents, res.data.status.sent - 1));
    await until(() => replayed.length === res.data.replayed, 'the replayed events');
    const seqs = replayed.map((e) => e.seq);
    assert.equal(Math.max(...seqs), res.data.status.sent, 'the newest events are the ones replayed');
  }
});

test('SP_REPLAYS_PER_SECOND: a socket asking for replays in a loop is refused past its budget, both ways', async (t) => {
  for (const [replaysPerSecond, expected] of [
    [2, [true, true, false]],
    [10, [true, true, true]],
  ] as const) {
    const server = await serve(t, { replaysPerSecond });
    const { socket, first } = await streamed(server, 2);
    const results = [];
    for (let i = 0; i < 3; i++) results.push((await ask(socket, 'missed:subscribe', { afterOffset: first })).ok);
    assert.deepEqual(results, expected);
  }
});

test("per-lab idempotency stores: keys flooding lab Y never evict lab X's, and each lab is capped", async (t) => {
  const server = await serve(t, { idempotencyKeysPerLab: 3, eventsPerSecond: 100, eventBurst: 100 });
  const x = await inLab(server, 'X');
  const y = await inLab(server, 'Y');
  for (const s of [x.socket, y.socket]) assert.ok((await ask(s, 'missed:configure', { dedupe: true })).ok);
  const order = (s: typeof x.socket, key: string) => ask<OrderReceipt>(s, 'missed:order', { key, seq: 1 });
  assert.equal(((await order(x.socket, 'kx')) as { data: OrderReceipt }).data.deduped, false);
  for (let i = 0; i < 10; i++) await order(y.socket, `ky${i}`);
  const again = await order(x.socket, 'kx');
  assert.ok(again.ok);
  assert.equal(again.data.deduped, true, "lab X's key survived lab Y's flood");
  // Lab Y's own oldest key was evicted by its own cap.
  const old = await order(y.socket, 'ky0');
  assert.ok(old.ok);
  assert.equal(old.data.deduped, false, 'Y holds only its 3 newest keys');
});
