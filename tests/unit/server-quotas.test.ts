// Per-client quotas on a live server: connections per address, labs created per address per window, labs that
// nobody else joined expiring quickly, and a flooding socket cut off with its address cooled off — while a
// learner at another address carries on. Two addresses on one machine: the "other learner" binds 127.0.0.2.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { io as connect } from 'socket.io-client';
import type { Limits } from '../../server/config.ts';
import {
  ask,
  collect,
  fakeClock,
  settle,
  startTestServer,
  type TestServer,
  type TestSocket,
} from '../helpers/demo-server.ts';

const OTHER = { localAddress: '127.0.0.2' } as Record<string, unknown>;

async function serve(t: TestContext, limits: Partial<Limits>, clock = fakeClock()) {
  const server = await startTestServer({ clock, limits });
  t.after(() => server.close());
  return { server, clock };
}

/** Sends an event without an acknowledgement, typed loosely so a test can send what the contract forbids. */
const send = (socket: TestSocket, event: string, payload: unknown) =>
  (socket as unknown as { emit(e: string, p: unknown): void }).emit(event, payload);

/** Waits until the server's own state says so (a disconnect reaches the server a moment after the client). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), 'the server never got there');
}

/** Connects and resolves with the connect_error message, or 'connected'. */
function attempt(
  server: TestServer,
  opts: Record<string, unknown> = {},
): Promise<{ socket: TestSocket; outcome: string }> {
  const socket: TestSocket = connect(server.url, {
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    ...opts,
  });
  return new Promise((resolve) => {
    socket.once('connect', () => resolve({ socket, outcome: 'connected' }));
    socket.once('connect_error', (err) => resolve({ socket, outcome: err.message }));
  });
}

test('SP_MAX_CONNECTIONS_PER_ADDRESS: the connection over the cap is refused in words; another address is not', async (t) => {
  const { server } = await serve(t, { maxConnectionsPerAddress: 2 });
  const a = await attempt(server);
  const b = await attempt(server);
  const c = await attempt(server);
  t.after(() => [a, b, c].forEach((x) => x.socket.disconnect()));
  assert.deepEqual([a.outcome, b.outcome], ['connected', 'connected']);
  assert.match(c.outcome, /Too many connections from one address \(at most 2\)/);
  const other = await server.connect(OTHER);
  assert.equal(other.connected, true, 'another address still connects');
  // A closed connection gives its place back.
  a.socket.disconnect();
  await until(() => server.demo.clients.connectionsFrom('127.0.0.1') === 1);
  const d = await attempt(server);
  t.after(() => d.socket.disconnect());
  assert.equal(d.outcome, 'connected');
});

test('SP_MAX_CONNECTIONS_PER_ADDRESS raised: more connections than a lowered cap are accepted', async (t) => {
  const { server } = await serve(t, { maxConnectionsPerAddress: 5 });
  const all: Array<{ socket: TestSocket; outcome: string }> = [];
  for (let i = 0; i < 3; i++) all.push(await attempt(server));
  t.after(() => all.forEach((x) => x.socket.disconnect()));
  assert.deepEqual(
    all.map((x) => x.outcome),
    ['connected', 'connected', 'connected'],
  );
});

test('lab exhaustion by one client: its creates are capped per window, another learner still gets a lab', async (t) => {
  const { server, clock } = await serve(t, { maxLabs: 6, labsPerAddressPerWindow: 3, labCreateWindowMs: 60_000 });
  const results = [];
  // The attack: reconnect and create, in a loop.
  for (let i = 0; i < 5; i++) {
    const s = await server.connect();
    results.push(await ask(s, 'lab:create', { kind: 'flood', name: 'x' }));
    s.disconnect();
  }
  assert.deepEqual(
    results.map((r) => r.ok),
    [true, true, true, false, false],
  );
  assert.equal(!results[3]!.ok && results[3]!.code, 'rate-limited');
  const learner = await server.connect(OTHER);
  const mine = await ask(learner, 'lab:create', { kind: 'k', name: 'Ada' });
  assert.equal(mine.ok, true, 'the other learner gets a lab');
  // A new window lets the first address create again.
  clock.advance(60_000);
  const again = await server.connect();
  assert.equal((await ask(again, 'lab:create', { kind: 'k', name: 'x' })).ok, true);
});

test('SP_LABS_PER_ADDRESS_PER_WINDOW raised: more creates than a lowered cap pass', async (t) => {
  const { server } = await serve(t, { labsPerAddressPerWindow: 10 });
  const results = [];
  for (let i = 0; i < 5; i++) {
    const s = await server.connect();
    results.push((await ask(s, 'lab:create', { kind: 'k', name: 'x' })).ok);
    s.disconnect();
  }
  assert.deepEqual(results, [true, true, true, true, true]);
});

test('SP_UNSHARED_LAB_IDLE_MS: a lab nobody else joined goes soon after it is left; a shared one waits', async (t) => {
  const { server, clock } = await serve(t, { unsharedLabIdleMs: 5_000, labIdleMs: 600_000 });
  const alone = await server.connect();
  const lone = await ask<{ labId: string }>(alone, 'lab:create', { kind: 'k', name: 'A' });
  const host = await server.connect();
  const shared = await ask<{ labId: string }>(host, 'lab:create', { kind: 'k', name: 'H' });
  assert.ok(lone.ok && shared.ok);
  const guest = await server.connect();
  assert.equal((await ask(guest, 'lab:join', { labId: shared.data.labId, name: 'G' })).ok, true);
  for (const s of [alone, host, guest]) s.disconnect();
  await until(() => server.demo.labs.socketCount === 0);
  clock.advance(4_999);
  assert.deepEqual(server.demo.labs.sweep(), []);
  clock.advance(1);
  assert.deepEqual(server.demo.labs.sweep(), [lone.data.labId], 'the unshared lab goes after 5 s');
  clock.advance(600_000);
  assert.deepEqual(server.demo.labs.sweep(), [shared.data.labId], 'the shared lab after labIdleMs');
});

test("flood: the flooder is cut off and cooled off; another learner's round trips still succeed", async (t) => {
  const limits = { eventsPerSecond: 5, eventBurst: 5, maxRefusals: 10, refusalWindowMs: 10_000, coolOffMs: 30_000 };
  const { server, clock } = await serve(t, limits);
  const learner = await server.connect(OTHER);
  assert.ok((await ask(learner, 'lab:create', { kind: 'k', name: 'Ada' })).ok);
  const flooder = await server.connect();
  const gone = new Promise<string>((resolve) => flooder.once('disconnect', (reason) => resolve(reason)));
  for (let i = 0; i < 200; i++) send(flooder, 'emit:send', { variant: 'server', text: 'x' });
  assert.equal(await gone, 'io server disconnect');
  // Its address is refused while it cools off, in words …
  const refused = await attempt(server);
  t.after(() => refused.socket.disconnect());
  assert.match(refused.outcome, /cut off for sending too many refused events; try again in 30 s/);
  // … while the other learner's round trips succeed.
  for (let i = 0; i < 3; i++)
    assert.equal((await ask(learner, 'emit:send', { variant: 'server', text: `m${i}` })).ok, true);
  clock.advance(30_000);
  const back = await attempt(server);
  t.after(() => back.socket.disconnect());
  assert.equal(back.outcome, 'connected', 'welcome again after the cool-off');
});

test('SP_MAX_REFUSALS raised: the same burst of refusals leaves the socket connected', async (t) => {
  const { server } = await serve(t, { eventsPerSecond: 5, eventBurst: 5, maxRefusals: 1000 });
  const s = await server.connect();
  for (let i = 0; i < 40; i++) send(s, 'emit:send', { variant: 'server', text: 'x' });
  await settle(s);
  assert.equal(s.connected, true);
});

test('SP_LAB_ERROR_INTERVAL_MS: at most one lab:error per interval per socket', async (t) => {
  const { server, clock } = await serve(t, { labErrorIntervalMs: 1000 });
  const s = await server.connect();
  const errors = collect(s, 'lab:error');
  for (let i = 0; i < 5; i++) send(s, 'emit:send', { variant: 'nope' });
  await settle(s);
  assert.equal(errors.length, 1, 'five refusals, one lab:error');
  clock.advance(1000);
  send(s, 'emit:send', { variant: 'nope' });
  await settle(s);
  assert.equal(errors.length, 2, 'one more once the interval has passed');
});

test("SP_LAB_DELIVERIES_PER_SECOND: a lab's fan-out is refused past its budget of messages × recipients", async (t) => {
  for (const [labDeliveriesPerSecond, expected] of [
    [5, [true, false]],
    [100, [true, true]],
  ] as const) {
    const { server, clock } = await serve(t, { labDeliveriesPerSecond });
    const a = await server.connect();
    const lab = await ask<{ labId: string }>(a, 'lab:create', { kind: 'k', name: 'A' });
    assert.ok(lab.ok);
    for (const name of ['B', 'C']) {
      const s = await server.connect();
      assert.ok((await ask(s, 'lab:join', { labId: lab.data.labId, name })).ok);
    }
    // "all" reaches the 3 members: 3 deliveries each time.
    const results = [];
    for (let i = 0; i < 2; i++) results.push(await ask(a, 'emit:send', { variant: 'all', text: 'hi' }));
    assert.deepEqual(
      results.map((r) => r.ok),
      expected,
      `budget ${labDeliveriesPerSecond}`,
    );
    if (!results[1]!.ok) {
      assert.equal(results[1]!.code, 'rate-limited');
      clock.advance(1000);
      assert.equal((await ask(a, 'emit:send', { variant: 'all', text: 'hi' })).ok, true, 'refilled a second later');
    }
  }
});
