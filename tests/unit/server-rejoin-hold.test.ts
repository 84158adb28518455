// Events held while a socket rejoins its lab (dispatch.ts holdEventsUntil) are bounded: released in order when
// the rejoin is done; refused with rejoin-timeout once rejoinHoldMs has passed (and later events are handled at
// once); never more than maxHeldEvents waiting (the rest are refused as they arrive). A test feature holds every
// socket on a gate the test opens; time moves only when the test moves the manual clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { ManualClock } from '../../server/clock.ts';
import { holdEventsUntil } from '../../server/dispatch.ts';
import type { DemoSocket, EventSpecs, Feature } from '../../server/feature.ts';
import { ask, startTestServer, type TestSocket } from '../helpers/demo-server.ts';

const LIMITS = { rejoinHoldMs: 1000, maxHeldEvents: 3 };

/** Holds each new socket until the test opens its gate; counts what reaches the server and the handler. */
function holdingServer(t: { after(fn: () => Promise<void>): void }) {
  const clock = new ManualClock(0);
  const gates: Array<() => void> = [];
  const handled: unknown[] = [];
  let arrived = 0;
  let wake = () => {};
  const feature: Feature = {
    name: 'test-hold',
    connection(socket: DemoSocket) {
      holdEventsUntil(socket, new Promise<void>((resolve) => gates.push(resolve)));
      // Registered after the dispatcher's listener: it sees each packet once the dispatcher has taken it.
      socket.onAny(() => {
        arrived++;
        wake();
      });
    },
    events: () =>
      ({
        'emit:send': {
          schema: z.object({ text: z.string() }),
          fn: (_socket: DemoSocket, payload: { text: string }) => (handled.push(payload.text), payload.text),
        },
      }) as unknown as EventSpecs,
  };
  const started = startTestServer({ clock, features: [feature], limits: LIMITS });
  void started.then((server) => t.after(() => server.close()));
  /** Resolves once `n` packets in all have reached the server. */
  const arrivals = (n: number) =>
    new Promise<void>((resolve) => {
      wake = () => arrived >= n && resolve();
      wake();
    });
  return { started, clock, gates, handled, arrivals };
}

/** A packet the server sends now arrives after anything it wrote to `socket` before: a barrier for "nothing yet". */
async function barrier(server: Awaited<ReturnType<typeof startTestServer>>, socket: TestSocket): Promise<void> {
  const loose = socket as unknown as { once(e: string, f: () => void): void };
  const seen = new Promise<void>((resolve) => loose.once('test:barrier', resolve));
  (server.demo.io.of('/').sockets.get(socket.id!) as unknown as { emit(e: string): void }).emit('test:barrier');
  await seen;
}

function settledYet(p: Promise<unknown>): Promise<boolean> {
  return Promise.race([p.then(() => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);
}

test('held events are handled in arrival order once the rejoin is done', async (t) => {
  const h = holdingServer(t);
  const server = await h.started;
  const socket = await server.connect();
  const answers = ['one', 'two', 'three'].map((text) => ask(socket, 'emit:send', { text }));
  await h.arrivals(3);
  await barrier(server, socket);
  assert.deepEqual(h.handled, [], 'nothing is handled while the rejoin runs');
  h.gates[0]();
  assert.deepEqual(
    (await Promise.all(answers)).map((a) => a.ok && a.data),
    ['one', 'two', 'three'],
  );
  assert.deepEqual(h.handled, ['one', 'two', 'three']);
});

test('past rejoinHoldMs the held events are refused with rejoin-timeout and later ones are handled at once', async (t) => {
  const h = holdingServer(t);
  const server = await h.started;
  const socket = await server.connect();
  const labErrors: Array<{ event: string; code: string }> = [];
  socket.on('lab:error', (e) => labErrors.push(e));
  const acked = ask(socket, 'emit:send', { text: 'held' });
  // Sent without an acknowledgement callback (the contract's typing wants one): it can only hear of a refusal
  // through lab:error.
  (socket as unknown as { emit(event: string, payload: unknown): void }).emit('emit:send', { text: 'held, no ack' });
  await h.arrivals(2);

  h.clock.advance(LIMITS.rejoinHoldMs - 1);
  await barrier(server, socket);
  assert.equal(await settledYet(acked), false, 'still waiting 1 ms before the bound');

  h.clock.advance(1);
  const refused = await acked;
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.code, 'rejoin-timeout');
  await barrier(server, socket);
  assert.deepEqual(
    labErrors.map((e) => [e.event, e.code]),
    [['emit:send', 'rejoin-timeout']],
    'the event sent without an ack hears of it through lab:error',
  );
  assert.deepEqual(h.handled, [], 'a refused event never reaches its handler');

  // The rejoin never finished, yet the next event is handled straight away.
  const next = await ask(socket, 'emit:send', { text: 'later' });
  assert.deepEqual(next, { ok: true, data: 'later' });
  // A rejoin that finishes after all does not replay what was refused.
  h.gates[0]();
  await barrier(server, socket);
  assert.deepEqual(h.handled, ['later']);
});

test('at most maxHeldEvents wait: the next is refused as it arrives, the held ones still run', async (t) => {
  const h = holdingServer(t);
  const server = await h.started;
  const socket = await server.connect();
  const held = ['a', 'b', 'c'].map((text) => ask(socket, 'emit:send', { text }));
  const over = await ask(socket, 'emit:send', { text: 'd' });
  assert.equal(over.ok, false);
  assert.equal(!over.ok && over.code, 'rate-limited');
  assert.match(!over.ok ? over.error : '', /at most 3/);
  assert.deepEqual(h.handled, []);
  h.gates[0]();
  assert.deepEqual(
    (await Promise.all(held)).map((a) => a.ok && a.data),
    ['a', 'b', 'c'],
  );
  // Each socket has its own bound: another socket's hold is untouched by this one's overflow.
  const other = await server.connect();
  const second = ask(other, 'emit:send', { text: 'e' });
  await h.arrivals(5);
  h.gates[1]();
  assert.deepEqual(await second, { ok: true, data: 'e' });
});
