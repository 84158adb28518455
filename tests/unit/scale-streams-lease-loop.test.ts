// The lease loop on in-memory leases and a hand-moved clock: of two nodes wanting one lab, one gains it; the
// holder that stops renewing (its node died) loses it to the other after the ttl; a holder whose renewals stall
// stops trusting its lease at the ttl on its own clock; release hands a lab over without waiting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../server/clock.ts';
import { silentLogger } from '../../server/log.ts';
import { MemoryLeases, type Leases } from '../../server/scale/lease.ts';
import { LeaseLoop } from '../../server/scale/lease-loop.ts';

const TTL = 3000;

function node(clock: ManualClock, leases: Leases, wanted: string[]) {
  const events: string[] = [];
  const loop = new LeaseLoop({
    leases,
    clock,
    logger: silentLogger,
    ttlMs: TTL,
    everyMs: 1000,
    wanted: async () => wanted,
    gained: async (name) => void events.push(`gained ${name}`),
    lost: (name) => void events.push(`lost ${name}`),
  });
  return { loop, events };
}

test('lease loop: one of two nodes gains a lab; the other takes it over only once it expired', async () => {
  const clock = new ManualClock(0);
  const leasesA = new MemoryLeases(clock, 'a', TTL);
  const a = node(clock, leasesA, ['lab-1']);
  const b = node(clock, new MemoryLeases(clock, 'b', TTL, leasesA), ['lab-1']);
  await a.loop.kick();
  await b.loop.kick();
  assert.deepEqual([a.events, b.events], [['gained lab-1'], []]);
  assert.deepEqual([a.loop.holds('lab-1'), b.loop.holds('lab-1')], [true, false]);

  // A keeps renewing: B never gets it, however long.
  for (let i = 0; i < 10; i++) {
    clock.advance(1000);
    await a.loop.kick();
    await b.loop.kick();
  }
  assert.deepEqual(b.events, [], 'a renewed lease is never taken');

  // A's node dies (no more rounds): after the ttl, B's next round takes the lab.
  clock.advance(TTL - 1);
  await b.loop.kick();
  assert.deepEqual(b.events, [], 'not before the ttl');
  assert.equal(a.loop.holds('lab-1'), true);
  clock.advance(1);
  assert.equal(a.loop.holds('lab-1'), false, 'A stops trusting its lease at the ttl, without asking anyone');
  await b.loop.kick();
  assert.deepEqual(b.events, ['gained lab-1']);
  // A wakes up: its renewal fails, and it is told it lost the lab.
  await a.loop.kick();
  assert.deepEqual(a.events, ['gained lab-1', 'lost lab-1']);

  // A clean release hands it back at once.
  await b.loop.release('lab-1');
  assert.deepEqual(b.events, ['gained lab-1', 'lost lab-1']);
  await a.loop.kick();
  assert.deepEqual(a.events.at(-1), 'gained lab-1');
});

test('lease loop: a round that fails (Redis unreachable) keeps nothing past its ttl', async () => {
  const clock = new ManualClock(0);
  const inner = new MemoryLeases(clock, 'a', TTL);
  let down = false;
  const flaky: Leases = {
    acquire: (n) => (down ? Promise.reject(new Error('down')) : inner.acquire(n)),
    renew: (n) => (down ? Promise.reject(new Error('down')) : inner.renew(n)),
    hold: (n) => inner.hold(n),
    release: (n) => inner.release(n),
    holder: (n) => inner.holder(n),
  };
  const a = node(clock, flaky, ['lab-1']);
  await a.loop.kick();
  down = true;
  clock.advance(1000);
  await a.loop.kick();
  assert.deepEqual(a.events, ['gained lab-1'], 'still within the ttl: kept');
  clock.advance(TTL);
  await a.loop.kick();
  assert.deepEqual(a.events, ['gained lab-1', 'lost lab-1'], 'past it: given up');
});
