// Every limit an operator can set with SP_* (server/config.ts) works both ways on a live server: lowered, the
// server refuses what the default allows; raised, it accepts what the default refuses. Real clients, random port.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { io as connect } from 'socket.io-client';
import { DEFAULT_LIMITS, type Limits } from '../../server/config.ts';
import type { DemoServerOptions } from '../../server/app.ts';
import { ask, fakeClock, next, startTestServer, type TestSocket } from '../helpers/demo-server.ts';

/** A server with these limits and one socket in a fresh lab. */
async function inLab(t: TestContext, limits: Partial<Limits>, options: DemoServerOptions = {}) {
  const server = await startTestServer({ ...options, limits });
  t.after(() => server.close());
  const socket = await server.connect();
  const lab = await ask<{ labId: string }>(socket, 'lab:create', { kind: 'limits', name: 'A' });
  assert.ok(lab.ok);
  return { server, socket, labId: lab.ok ? lab.data.labId : '' };
}

const refusedWith = (res: { ok: boolean; code?: string }, code: string) => {
  assert.equal(res.ok, false);
  assert.equal(res.code, code);
};

// The events whose text is bounded by Limits.maxTextLength, each with a payload carrying `text`.
const TEXT_EVENTS: Array<[string, (text: string) => Record<string, unknown>]> = [
  ['emit:send', (text) => ({ variant: 'server', text })],
  ['stack:echo', (text) => ({ text })],
  ['transport:ask', (text) => ({ text })],
];

test('SP_MAX_TEXT_LENGTH lowered: a 200-character message is refused by every text event', async (t) => {
  const { socket } = await inLab(t, { maxTextLength: 10 });
  for (const [event, payload] of TEXT_EVENTS) {
    refusedWith(await ask(socket, event, payload('x'.repeat(200))), 'invalid-payload');
    assert.equal((await ask(socket, event, payload('x'.repeat(10)))).ok, true, `${event}: 10 characters pass`);
  }
});

test('SP_MAX_TEXT_LENGTH raised: 1,000 characters are accepted', async (t) => {
  const { socket } = await inLab(t, { maxTextLength: 2000 });
  assert.ok(DEFAULT_LIMITS.maxTextLength < 1000, 'the default refuses 1,000');
  for (const [event, payload] of TEXT_EVENTS) {
    assert.equal((await ask(socket, event, payload('x'.repeat(1000)))).ok, true, event);
  }
});

test('SP_MAX_TEXT_LENGTH applies inside the namespaces too', async (t) => {
  for (const [maxTextLength, ok] of [
    [10, false],
    [2000, true],
  ] as const) {
    const { server, labId } = await inLab(t, { maxTextLength });
    const news = connect(`${server.url}/lab-news`, {
      forceNew: true,
      transports: ['websocket'],
      reconnection: false,
      auth: { labId, name: 'A' },
    });
    t.after(() => news.disconnect());
    await new Promise<void>((resolve, reject) => news.once('connect', resolve).once('connect_error', reject));
    const res = await ask(news as unknown as TestSocket, 'news:publish', { headline: 'x'.repeat(200) });
    assert.equal(res.ok, ok, `maxTextLength ${maxTextLength}`);
  }
});

test('SP_MAX_PAYLOAD_BYTES both ways: a 20 KB packet closes the connection by default, passes when raised', async (t) => {
  const text = 'x'.repeat(20_000);
  const low = await inLab(t, { maxTextLength: 30_000 });
  const closed = new Promise<string>((resolve) => low.socket.once('disconnect', (reason) => resolve(reason)));
  low.socket.emit('emit:send', { variant: 'server', text }, () => {});
  assert.equal(await closed, 'transport close');
  const high = await inLab(t, { maxTextLength: 30_000, maxPayloadBytes: 64 * 1024 });
  assert.equal((await ask(high.socket, 'emit:send', { variant: 'server', text })).ok, true);
});

test('SP_EVENTS_PER_SECOND / SP_EVENT_BURST raised: 60 quick events all pass', async (t) => {
  const clock = fakeClock();
  const { socket } = await inLab(t, { eventsPerSecond: 100, eventBurst: 100 }, { clock });
  const results = [];
  for (let i = 0; i < 60; i++) results.push(await ask(socket, 'emit:send', { variant: 'server', text: `m${i}` }));
  assert.equal(results.filter((r) => r.ok).length, 60);
});

test('SP_EVENT_BURST lowered: the burst is what the bucket holds, whatever the rate', async (t) => {
  const clock = fakeClock();
  const { socket } = await inLab(t, { eventsPerSecond: 100, eventBurst: 3 }, { clock }); // lab:create took 1
  const results = [];
  for (let i = 0; i < 3; i++) results.push(await ask(socket, 'emit:send', { variant: 'server', text: `m${i}` }));
  assert.deepEqual(
    results.map((r) => r.ok),
    [true, true, false],
  );
  refusedWith(results[2]!, 'rate-limited');
});

test('SP_MAX_LABS both ways', async (t) => {
  for (const [maxLabs, ok] of [
    [1, false],
    [3, true],
  ] as const) {
    const { server } = await inLab(t, { maxLabs });
    const b = await server.connect();
    const c = await server.connect();
    const res = [
      await ask(b, 'lab:create', { kind: 'k', name: 'B' }),
      await ask(c, 'lab:create', { kind: 'k', name: 'C' }),
    ];
    if (ok)
      assert.deepEqual(
        res.map((r) => r.ok),
        [true, true],
      );
    else refusedWith(res[0]!, 'server-full');
  }
});

test('SP_MAX_SOCKETS_PER_LAB both ways', async (t) => {
  for (const [maxSocketsPerLab, ok] of [
    [1, false],
    [3, true],
  ] as const) {
    const { server, labId } = await inLab(t, { maxSocketsPerLab });
    const b = await server.connect();
    const res = await ask(b, 'lab:join', { labId, name: 'B' });
    if (ok) assert.equal(res.ok, true);
    else refusedWith(res, 'lab-full');
  }
});

test('SP_MAX_ACK_DELAY_MS raised: a 15 s delay is accepted (the handler runs)', async (t) => {
  const { socket } = await inLab(t, { maxAckDelayMs: 20_000 });
  const handled = next<{ ref: string; delayMs: number }>(socket, 'ack:handled');
  socket.emit('ack:job', { ref: 'long', delayMs: 15_000 }, () => {});
  assert.deepEqual(await handled, { ref: 'long', run: 1, from: 'A', delayMs: 15_000 });
  const low = await inLab(t, { maxAckDelayMs: 500 });
  refusedWith(await ask(low.socket, 'ack:job', { ref: 'x', delayMs: 600 }), 'invalid-payload');
});

test('SP_CHAT_MAX_TEXT_LENGTH both ways', async (t) => {
  for (const [chatMaxTextLength, ok] of [
    [10, false],
    [800, true],
  ] as const) {
    const { socket } = await inLab(t, { chatMaxTextLength });
    assert.equal((await ask(socket, 'chat:join', { nick: 'Ana' })).ok, true);
    const res = await ask(socket, 'chat:send', { text: 'y'.repeat(700) });
    if (ok) assert.equal(res.ok, true);
    else refusedWith(res, 'too-large');
  }
});

test('SP_CHAT_TYPING_INTERVAL_MS both ways, on the manual clock', async (t) => {
  for (const [chatTypingIntervalMs, relayed] of [
    [5000, false],
    [1000, true],
  ] as const) {
    const clock = fakeClock();
    const { socket } = await inLab(t, { chatTypingIntervalMs }, { clock });
    await ask(socket, 'chat:join', { nick: 'Ana' });
    const first = await ask<{ relayed: boolean }>(socket, 'chat:typing', { typing: true });
    assert.deepEqual(first.ok && first.data, { relayed: true });
    clock.advance(2000);
    const second = await ask<{ relayed: boolean }>(socket, 'chat:typing', { typing: true });
    assert.deepEqual(second.ok && second.data, { relayed }, `interval ${chatTypingIntervalMs}`);
  }
});

test('SP_MISSED_MAX_RATE both ways: the stream runs at most that fast', async (t) => {
  for (const [missedMaxRate, rate] of [
    [5, 5],
    [100, 50],
  ] as const) {
    const { socket } = await inLab(t, { missedMaxRate });
    const res = await ask<{ rate: number; maxRate: number }>(socket, 'missed:configure', { rate: 50, running: false });
    assert.ok(res.ok);
    assert.deepEqual(res.ok && [res.data.rate, res.data.maxRate], [rate, missedMaxRate]);
  }
});

test('SP_QUEUE_MAX_DEPTH both ways', async (t) => {
  for (const [queueMaxDepth, third] of [
    [2, 'refused'],
    [10, 'enqueued'],
  ] as const) {
    const { socket } = await inLab(t, { queueMaxDepth });
    const statuses = [];
    for (const text of ['a', 'b', 'c']) {
      const res = await ask<{ status: string }>(socket, 'queue:publish', { text });
      statuses.push(res.ok ? res.data.status : res.error);
    }
    assert.deepEqual(statuses, ['enqueued', 'enqueued', third]);
  }
});

test('SP_LAB_IDLE_MS both ways: an empty lab is swept only after the idle time', async (t) => {
  for (const labIdleMs of [1000, 60_000]) {
    const clock = fakeClock();
    const { server, socket, labId } = await inLab(t, { labIdleMs }, { clock });
    socket.disconnect();
    while (server.demo.labs.get(labId)?.members.size) await new Promise((r) => setImmediate(r));
    clock.advance(5000);
    server.demo.labs.sweep();
    assert.equal(server.demo.labs.get(labId) === undefined, labIdleMs < 5000, `labIdleMs ${labIdleMs}`);
  }
});

test('SP_POLLS_PER_SECOND_PER_LAB / SP_POLL_BURST_PER_LAB both ways', async (t) => {
  for (const [pollBurstPerLab, ok] of [
    [2, false],
    [10, true],
  ] as const) {
    const clock = fakeClock();
    const { server, socket, labId } = await inLab(t, { pollBurstPerLab, pollsPerSecondPerLab: 1 }, { clock });
    assert.equal((await ask(socket, 'ticker:start', {})).ok, true);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await fetch(`${server.url}/api/ticker/poll?lab=${labId}&after=0`)).status);
    assert.deepEqual(statuses, ok ? [200, 200, 200] : [200, 200, 429]);
  }
});

test('limits the clients pace themselves by are reported to them as configured', async (t) => {
  const limits = {
    chatMaxTextLength: 123,
    chatTypingIntervalMs: 1500,
    chatTypingTimeoutMs: 4500,
    tickerMinMs: 700,
    tickerMaxMs: 900,
    longPollTimeoutMs: 9000,
  };
  const { socket } = await inLab(t, limits);
  const joined = await ask<{ limits: unknown }>(socket, 'chat:join', { nick: 'Ana' });
  assert.deepEqual(joined.ok && joined.data.limits, {
    maxTextLength: 123,
    typingIntervalMs: 1500,
    typingTimeoutMs: 4500,
  });
  const ticker = await ask<{ minMs: number; maxMs: number; longPollTimeoutMs: number }>(socket, 'ticker:start', {});
  assert.deepEqual(
    ticker.ok && [ticker.data.minMs, ticker.data.maxMs, ticker.data.longPollTimeoutMs],
    [700, 900, 9000],
  );
});
