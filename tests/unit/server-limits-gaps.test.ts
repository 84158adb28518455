// The limits no other test moved both ways, each on a live server with real clients on a random port:
// lowered, the server refuses (or acts) where a higher value would not; raised, it accepts (or waits).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Limits } from '../../server/config.ts';
import type { DemoServerOptions } from '../../server/app.ts';
import { ask, collect, fakeClock, settle, startTestServer } from '../helpers/demo-server.ts';
import {
  DEFAULT_QUEUE_SETTINGS,
  RECOVERY_PATH,
  type QueueLabEvent,
  type StreamEvent,
} from '../../src/contract/index.ts';

/** A server with these limits and one socket in a fresh lab. */
async function inLab(t: TestContext, limits: Partial<Limits>, options: DemoServerOptions = {}) {
  const server = await startTestServer({ ...options, limits });
  t.after(() => server.close());
  const socket = await server.connect();
  const lab = await ask<{ labId: string }>(socket, 'lab:create', { kind: 'limits', name: 'A' });
  assert.ok(lab.ok);
  return { server, socket, labId: lab.ok ? lab.data.labId : '' };
}

/** Real time, briefly, for limits that pace a real interval: long enough for a 1 ms one to fire many times. */
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const turn = () => new Promise((resolve) => setImmediate(resolve));

test('SP_MAX_HELD_POLLS_PER_LAB both ways: of four long polls, the ones over the limit get 429, the rest are held', async (t) => {
  for (const [maxHeldPollsPerLab, refused] of [
    [2, 2],
    [3, 1],
  ] as const) {
    // No tick for a minute, so every poll waiting for update 1 is held rather than answered.
    const limits = { maxHeldPollsPerLab, tickerMinMs: 60_000, tickerMaxMs: 60_000 };
    const { server, socket, labId } = await inLab(t, limits, { clock: fakeClock() });
    assert.equal((await ask(socket, 'ticker:start', {})).ok, true);
    const abort = new AbortController();
    t.after(() => abort.abort());
    const statuses: number[] = [];
    const polls = Array.from({ length: 4 }, () =>
      fetch(`${server.url}/api/ticker/long?lab=${labId}&after=0`, { signal: abort.signal }).then(
        (res) => statuses.push(res.status),
        () => {},
      ),
    );
    // A 429 is only sent once the lab already holds the limit, so when the last refusal arrives every poll has
    // been seen by the server: the others are held, and none of them has been answered.
    while (statuses.length < refused) await turn();
    for (let i = 0; i < 5; i++) await turn();
    assert.deepEqual(statuses, Array(refused).fill(429), `maxHeldPollsPerLab ${maxHeldPollsPerLab}`);
    abort.abort();
    await Promise.all(polls);
  }
});

test('SP_SWEEP_INTERVAL_MS both ways: an expired lab is removed by the next sweep, not before', async (t) => {
  for (const [sweepIntervalMs, swept] of [
    [1, true],
    [60_000, false],
  ] as const) {
    const clock = fakeClock();
    const { server, socket, labId } = await inLab(t, { sweepIntervalMs }, { clock });
    socket.disconnect();
    while (server.demo.labs.get(labId)?.members.size) await turn();
    clock.advance(24 * 60 * 60 * 1000); // long past every idle limit: only the sweep's pace decides now
    // Real time, briefly: the sweep runs on its own interval. 1 ms sweeps within a few ms; 60 s never in 30 ms.
    const until = Date.now() + 30;
    while (Date.now() < until && server.demo.labs.get(labId)) await new Promise((r) => setTimeout(r, 2));
    assert.equal(server.demo.labs.get(labId) === undefined, swept, `sweepIntervalMs ${sweepIntervalMs}`);
  }
});

test('SP_MISSED_RECOVERY_WINDOW_MS both ways: away 60 ms, a 20 ms window loses the session, a 60 s one restores it', async (t) => {
  for (const [missedRecoveryWindowMs, recovered] of [
    [20, false],
    [60_000, true],
  ] as const) {
    const server = await startTestServer({ limits: { missedRecoveryWindowMs } });
    t.after(() => server.close());
    const path = RECOVERY_PATH;
    const alice = await server.connect({ path });
    const created = await ask<{ labId: string }>(alice, 'lab:create', { kind: 'missed-events', name: 'Alice' });
    assert.ok(created.ok);
    const { labId } = created.data;
    // Reconnects exactly 60 ms after the cut (no jitter): longer than the short window, far inside the long one.
    const reconnect = { reconnection: true, reconnectionDelay: 60, reconnectionDelayMax: 60, randomizationFactor: 0 };
    const bob = await server.connect({ path, ...reconnect });
    const events = collect<StreamEvent>(bob, 'missed:event');
    assert.equal((await ask(bob, 'lab:join', { labId, name: 'Bob' })).ok, true);
    assert.equal((await ask(bob, 'missed:subscribe', {})).ok, true);
    assert.equal((await ask(alice, 'missed:configure', { running: true, rate: 20 })).ok, true);
    // Recovery resumes from the last packet's offset, so Bob needs one first.
    while (events.length < 1) await new Promise((r) => setTimeout(r, 5));
    const idBefore = bob.id;
    const back = new Promise<void>((resolve) => bob.once('connect', () => resolve()));
    await ask(bob, 'missed:cut', {});
    await back;
    assert.equal(bob.recovered, recovered, `missedRecoveryWindowMs ${missedRecoveryWindowMs}`);
    assert.equal(bob.id === idBefore, recovered, 'the same socket id only when the session came back');
    await ask(alice, 'missed:configure', { running: false });
  }
});

test('SP_QUEUE_TICK_MS both ways: an expired delivery is taken back by the next tick, not before', async (t) => {
  for (const [queueTickMs, requeued] of [
    [1, true],
    [60_000, false],
  ] as const) {
    const clock = fakeClock();
    const server = await startTestServer({ clock, limits: { queueTickMs } });
    t.after(() => server.close());
    const producer = await server.connect();
    const lab = await ask<{ labId: string }>(producer, 'lab:create', { kind: 'queue-lab', name: 'Producer' });
    assert.ok(lab.ok);
    const settings = { ...DEFAULT_QUEUE_SETTINGS, ack: true, visibilityMs: 5000 };
    assert.equal((await ask(producer, 'queue:configure', settings)).ok, true);
    const ada = await server.connect();
    assert.equal((await ask(ada, 'lab:join', { labId: lab.data.labId, name: 'Ada' })).ok, true);
    const got = collect(ada, 'queue:deliver');
    assert.equal((await ask(ada, 'queue:subscribe', {})).ok, true);
    await settle(ada);
    const events = collect<QueueLabEvent>(producer, 'queue:event');
    assert.equal((await ask(producer, 'queue:publish', { text: 'job 1' })).ok, true);
    await settle(ada);
    assert.equal(got.length, 1, 'Ada holds the message, unacked');
    clock.advance(5000); // its visibility timeout is over: only the broker's tick notices
    await sleep(40);
    await settle(producer); // every event sent before this round trip has arrived
    const taken = events.some((e) => e.type === 'requeued' && e.reason === 'timeout');
    assert.equal(taken, requeued, `queueTickMs ${queueTickMs}`);
  }
});

test('SP_HISTORY_PER_LAB both ways (ack lab): a job run again after two others counts as new only when history is 2', async (t) => {
  for (const [historyPerLab, secondRun] of [
    [2, 1],
    [3, 2],
  ] as const) {
    const { socket } = await inLab(t, { historyPerLab });
    const run = async (ref: string) => {
      const res = await ask<{ run: number }>(socket, 'ack:job', { ref, delayMs: 0 });
      assert.ok(res.ok);
      return res.data.run;
    };
    assert.deepEqual([await run('a'), await run('b'), await run('c')], [1, 1, 1]);
    assert.equal(await run('a'), secondRun, `historyPerLab ${historyPerLab}: run number of "a" again`);
  }
});

test('SP_HISTORY_PER_LAB both ways (ticker): a poller from the start gets only the last N updates', async (t) => {
  for (const historyPerLab of [2, 1000]) {
    // A real ticker, as fast as it goes (1 ms): six updates take a few ms of real time.
    const { server, socket, labId } = await inLab(t, { historyPerLab, tickerMinMs: 1, tickerMaxMs: 1 });
    assert.equal((await ask(socket, 'ticker:start', {})).ok, true);
    let body: { updates: Array<{ seq: number }>; latest: number };
    do {
      await sleep(2);
      body = (await (await fetch(`${server.url}/api/ticker/poll?lab=${labId}&after=0`)).json()) as typeof body;
    } while (body.latest < 6);
    const seqs = body.updates.map((u) => u.seq);
    const kept = Math.min(historyPerLab, body.latest);
    assert.deepEqual(
      seqs,
      Array.from({ length: kept }, (_, i) => body.latest - kept + 1 + i),
      `historyPerLab ${historyPerLab}`,
    );
  }
});

test('SP_CHAT_TYPING_INTERVAL_MS both ways: a second "is typing" 200 ms later is relayed only under a shorter interval', async (t) => {
  for (const [chatTypingIntervalMs, relayed] of [
    [100, true],
    [5000, false],
  ] as const) {
    const clock = fakeClock();
    const { socket } = await inLab(t, { chatTypingIntervalMs }, { clock });
    assert.equal((await ask(socket, 'chat:join', { nick: 'Ana' })).ok, true);
    const typing = async () => {
      const res = await ask<{ relayed: boolean }>(socket, 'chat:typing', { typing: true });
      assert.ok(res.ok);
      return res.data.relayed;
    };
    assert.equal(await typing(), true, 'the first is always relayed');
    clock.advance(200);
    assert.equal(await typing(), relayed, `chatTypingIntervalMs ${chatTypingIntervalMs}`);
  }
});
