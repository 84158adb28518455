// Leases, both ways: in Redis (two real connections playing two nodes) and in memory (two holders on one table).
// Two holders never hold one lease at once; a lease left unrenewed expires and the other takes it over; a node
// can neither renew nor release a lease that has passed to someone else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startRedis } from '../helpers/redis-server.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { MemoryLeases, RedisLeases, type Leases } from '../../server/scale/lease.ts';
import { ManualClock } from '../../server/clock.ts';
import { silentLogger } from '../../server/log.ts';

const TTL = 300;
/**
 * The Redis leases' ttl: long enough that the real time a busy machine takes between two commands never counts,
 * since `pass` moves Redis's clock by hand instead (below). With a 300 ms ttl and real waits, a 2-core machine
 * running the browser tests alongside starved this process for longer than the 180 ms between acquire and renew.
 */
const REDIS_TTL = 60_000;

/**
 * Lets `ms` pass for every lease in Redis: each key's remaining time (PTTL) shrinks by `ms`; one whose time is up
 * is given 1 ms, so Redis expires it itself. Scripted, so nothing runs between the read and the write.
 */
const PASS = `
for _, key in ipairs(redis.call('KEYS', ARGV[1])) do
  local left = redis.call('PTTL', key)
  if left > 0 then redis.call('PEXPIRE', key, math.max(1, left - tonumber(ARGV[2]))) end
end
return 0`;

/** The same rules, whichever store: `pass(ms)` lets the ttl run out (Redis's key ttls or the clock in memory). */
async function checkRules(a: Leases, b: Leases, ttl: number, pass: (ms: number) => Promise<void>): Promise<void> {
  assert.equal(await a.acquire('lab-1'), true, 'the first node takes a free lease');
  assert.equal(await b.acquire('lab-1'), false, 'a second node cannot take a held lease');
  assert.equal(await b.hold('lab-1'), false, 'nor hold it');
  assert.equal(await a.holder('lab-1'), 'node-a');
  assert.equal(await b.renew('lab-1'), false, 'nor renew it');
  await b.release('lab-1');
  assert.equal(await a.holder('lab-1'), 'node-a', "a node's release leaves another's lease alone");

  // Renewed inside its ttl, the lease outlives the ttl.
  await pass(ttl * 0.6);
  assert.equal(await a.renew('lab-1'), true);
  await pass(ttl * 0.6);
  assert.equal(await a.holder('lab-1'), 'node-a', 'renewed: still held after more than one ttl');
  assert.equal(await b.hold('lab-1'), false);

  // Left alone (its node died), it expires and the other node takes over; the old holder cannot renew it back.
  await pass(ttl + 100);
  assert.equal(await a.holder('lab-1'), null, 'expired');
  assert.equal(await b.hold('lab-1'), true, 'taken over');
  assert.equal(await a.renew('lab-1'), false, 'the old holder cannot extend what is now another node’s');
  assert.equal(await a.hold('lab-1'), false);
  assert.equal(await b.holder('lab-1'), 'node-b');

  // Released, it is free at once, without waiting for the ttl.
  await b.release('lab-1');
  assert.equal(await b.holder('lab-1'), null);
  assert.equal(await a.acquire('lab-1'), true);
  // Leases are per name: another lab's lease is independent.
  assert.equal(await b.acquire('lab-2'), true);
  assert.equal(await a.holder('lab-2'), 'node-b');
}

test('Redis leases: one holder at a time, renewal, expiry and takeover, compare-and-delete release', async (t) => {
  const redis = await startRedis();
  const connA = await connectRedis(redis.url, silentLogger);
  const connB = await connectRedis(redis.url, silentLogger);
  t.after(async () => {
    await connA.close();
    await connB.close();
    await redis.stop();
  });
  const key = (name: string) => `test:lease:${name}`;
  const a = new RedisLeases(connA, 'node-a', REDIS_TTL, key);
  const b = new RedisLeases(connB, 'node-b', REDIS_TTL, key);
  await checkRules(a, b, REDIS_TTL, async (ms) => {
    await connA.client.sendCommand(['EVAL', PASS, '0', key('*'), `${ms}`]);
    // A key given 1 ms is gone after 2: a real wait, but for Redis's own expiry, not for a ttl to run out.
    await new Promise((resolve) => setTimeout(resolve, 2));
  });
  // The lease is a plain key with a ttl: what operators see with redis-cli.
  const pttl = Number(await connA.client.sendCommand(['PTTL', key('lab-1')]));
  assert.ok(pttl > 0 && pttl <= REDIS_TTL, `PTTL ${pttl}`);
});

test('in-memory leases: the same rules on one table, time moved by hand', async () => {
  const clock = new ManualClock(1_000);
  const a = new MemoryLeases(clock, 'node-a', TTL);
  const b = new MemoryLeases(clock, 'node-b', TTL, a);
  await checkRules(a, b, TTL, async (ms) => void clock.advance(ms));
});

test('two nodes racing for one free Redis lease: exactly one wins', async (t) => {
  const redis = await startRedis();
  const conns = await Promise.all([0, 1, 2, 3].map(() => connectRedis(redis.url, silentLogger)));
  t.after(async () => {
    for (const c of conns) await c.close();
    await redis.stop();
  });
  const leases = conns.map((c, i) => new RedisLeases(c, `node-${i}`, 2000, (n) => `race:${n}`));
  for (let round = 0; round < 20; round++) {
    const won = await Promise.all(leases.map((l) => l.hold(`lab-${round}`)));
    assert.equal(won.filter(Boolean).length, 1, `round ${round}: ${won}`);
  }
});
