// A flood that asks for an acknowledgement on every packet, from a real socket.io-client: the first refusals are
// answered { ok: false, error, code }, then the socket is cut off (no more answers, no more work), its address is
// cooled off, and a learner at another address still gets every round trip. The manual clock never moves, so
// the token bucket does not refill during the test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AckResult } from '../../src/contract/index.ts';
import { ask, fakeClock, startTestServer, type TestSocket } from '../helpers/demo-server.ts';

const LIMITS = { eventsPerSecond: 5, eventBurst: 5, maxRefusals: 10, refusalWindowMs: 10_000, coolOffMs: 30_000 };

/** Emits with an ack callback and no timeout: resolves with the answer, or never (which the test counts). */
function emitAcked(socket: TestSocket, answers: AckResult<unknown>[]): void {
  (socket as unknown as { emit(e: string, p: unknown, ack: (r: AckResult<unknown>) => void): void }).emit(
    'emit:send',
    { variant: 'server', text: 'x' },
    (r) => answers.push(r),
  );
}

test('an acked flood: burst accepted, the first refusals answered with a code, then the socket is cut off', async (t) => {
  const server = await startTestServer({ clock: fakeClock(), limits: LIMITS });
  t.after(() => server.close());
  const learner = await server.connect({ localAddress: '127.0.0.2' } as Record<string, unknown>);
  assert.ok((await ask(learner, 'lab:create', { kind: 'k', name: 'Ada' })).ok);
  const flooder = await server.connect();
  // Its lab:create spends one token of the burst.
  assert.ok((await ask(flooder, 'lab:create', { kind: 'k', name: 'Mallory' })).ok);
  const gone = new Promise<string>((resolve) => flooder.once('disconnect', (reason) => resolve(reason)));
  const answers: AckResult<unknown>[] = [];
  for (let i = 0; i < 300; i++) emitAcked(flooder, answers);
  assert.equal(await gone, 'io server disconnect', 'the flooder is cut off by the server');

  const accepted = answers.filter((a) => a.ok).length;
  const refused = answers.filter((a) => !a.ok);
  // An accepted event is answered after its handler, a tick later: the cut may come first, and an answer after a
  // disconnect is dropped. Refusals are answered at once, so their count is exact.
  assert.ok(accepted <= LIMITS.eventBurst - 1, `at most the rest of the burst is accepted (${accepted})`);
  assert.equal(refused.length, LIMITS.maxRefusals, 'exactly maxRefusals refusals are answered, then nothing');
  for (const r of refused) {
    assert.ok(!r.ok && r.code === 'rate-limited' && /at most 5 a second/.test(r.error), JSON.stringify(r));
  }
  assert.ok(answers.length < 300, 'the rest of the flood got no answer at all');
  // The server closes the connection as it sends the disconnect: its slot comes free a moment later.
  for (let i = 0; i < 200 && server.demo.clients.connectionsFrom('127.0.0.1') > 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(server.demo.clients.connectionsFrom('127.0.0.1'), 0, 'its connection slot is free');

  // The learner at another address is untouched.
  for (let i = 0; i < 3; i++) {
    assert.equal((await ask(learner, 'emit:send', { variant: 'server', text: `m${i}` })).ok, true);
  }
});

test('SP_MAX_REFUSALS raised: the same acked flood is answered in full and the socket stays', async (t) => {
  const server = await startTestServer({ clock: fakeClock(), limits: { ...LIMITS, maxRefusals: 1000 } });
  t.after(() => server.close());
  const s = await server.connect();
  assert.ok((await ask(s, 'lab:create', { kind: 'k', name: 'Mallory' })).ok);
  const answers: AckResult<unknown>[] = [];
  for (let i = 0; i < 100; i++) emitAcked(s, answers);
  for (let i = 0; i < 200 && answers.length < 100; i++) await new Promise((r) => setTimeout(r, 10));
  assert.equal(answers.length, 100, 'every packet answered');
  assert.equal(answers.filter((a) => a.ok).length, LIMITS.eventBurst - 1);
  assert.equal(s.connected, true);
});
