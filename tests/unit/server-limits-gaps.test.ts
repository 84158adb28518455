// The limits no other test moved both ways, each on a live server with real clients on a random port:
// lowered, the server refuses (or acts) where a higher value would not; raised, it accepts (or waits).
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { Limits } from '../../server/config.ts';
import type { DemoServerOptions } from '../../server/app.ts';
import { ask, fakeClock, startTestServer } from '../helpers/demo-server.ts';

/** A server with these limits and one socket in a fresh lab. */
async function inLab(t: TestContext, limits: Partial<Limits>, options: DemoServerOptions = {}) {
  const server = await startTestServer({ ...options, limits });
  t.after(() => server.close());
  const socket = await server.connect();
  const lab = await ask<{ labId: string }>(socket, 'lab:create', { kind: 'limits', name: 'A' });
  assert.ok(lab.ok);
  return { server, socket, labId: lab.ok ? lab.data.labId : '' };
}

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
