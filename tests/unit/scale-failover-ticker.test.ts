// The "polling vs push" ticker on two real nodes: one node per lab makes the updates (each number reaches the
// members on both nodes once), the other node answers polls from the same history, and when the holder is killed
// the survivor continues the count within a few seconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TickerPollResponse, TickerState, TickerUpdate } from '../../src/contract/index.ts';
import { ask, collect } from '../helpers/demo-server.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { silentLogger } from '../../server/log.ts';
import { labOnBoth, twoNodes } from '../helpers/two-nodes.ts';

const LIMITS = { leaseTtlMs: 1000, leaseRenewMs: 250, tickerMinMs: 60, tickerMaxMs: 90 };
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const seqs = (updates: TickerUpdate[]) => updates.map((u) => u.seq);
const consecutive = (list: number[], from: number) => list.map((_, i) => from + i);

test('ticker: one node per lab ticks, both nodes answer polls, the survivor continues the count', async (t) => {
  const { redis, a, b } = await twoNodes(t, LIMITS);
  const inspect = await connectRedis(redis.url, silentLogger);
  t.after(() => inspect.client.destroy()); // runs after Redis stopped: destroy, not quit
  const { labId, onFirst, onSecond } = await labOnBoth(a, b, 'polling-vs-push');
  const onA = collect<TickerUpdate>(onFirst, 'ticker:update');
  const onB = collect<TickerUpdate>(onSecond, 'ticker:update');
  assert.ok((await ask<TickerState>(onFirst, 'ticker:start', {})).ok);
  assert.ok((await ask<TickerState>(onSecond, 'ticker:start', {})).ok);
  await wait(1000);
  assert.ok(onA.length >= 5, `updates reach node A's member (${onA.length})`);
  // Two nodes ticking one lab would both send "1", "2"…: duplicates here.
  assert.deepEqual(seqs(onA), consecutive(seqs(onA), 1), 'node A: every number once, in order');
  assert.deepEqual(seqs(onB), consecutive(seqs(onB), 1), 'node B: every number once, in order');

  const holder = String(await inspect.client.sendCommand(['GET', `test:lease:ticker:${labId}`]));
  const [dying, survivor, survivorSeen] = holder === 'node-a' ? [a, b, onB] : [b, a, onA];
  // The node that does not tick answers a short poll from the history it mirrored.
  const poll = (await (
    await fetch(`${survivor.url}/api/ticker/poll?lab=${labId}&after=0`)
  ).json()) as TickerPollResponse;
  assert.ok(poll.ok);
  assert.ok(poll.updates.length >= 5, `the non-holder's poll sees the updates (${poll.updates.length})`);
  assert.deepEqual(seqs(poll.updates), consecutive(seqs(poll.updates), 1));

  const killedAt = Date.now();
  await dying.kill();
  await wait(50); // what the holder sent before it died may still be arriving
  const last = survivorSeen[survivorSeen.length - 1]!.seq;
  while (!survivorSeen.some((u) => u.seq > last) && Date.now() - killedAt < 5000) await wait(20);
  const takeoverMs = Date.now() - killedAt;
  assert.ok(takeoverMs < 3000, `the survivor ticks within ttl + a renewal (${takeoverMs} ms)`);
  t.diagnostic(`ticker failover: ${takeoverMs} ms`);
  await wait(300);
  const after = seqs(survivorSeen);
  assert.equal(new Set(after).size, after.length, 'no number twice');
  assert.deepEqual(after, consecutive(after, 1), 'the count continues after the last number, with no gap');
});
