// The manual clock's timers: what server timers (the rooms window) run on in tests, instead of real waits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { after, ManualClock } from '../../server/clock.ts';

test('ManualClock runs timers in due order as time passes them, each at its own time, and cancels', () => {
  const clock = new ManualClock(100);
  const ran: Array<[string, number]> = [];
  after(clock, 50, () => ran.push(['b', clock.now()]));
  after(clock, 20, () => ran.push(['a', clock.now()]));
  const cancel = after(clock, 30, () => ran.push(['never', clock.now()]));
  after(clock, 50, () => ran.push(['c', clock.now()]));
  cancel();
  clock.advance(19);
  assert.deepEqual(ran, [], 'nothing is due yet');
  clock.advance(100);
  assert.deepEqual(
    ran,
    [
      ['a', 120],
      ['b', 150],
      ['c', 150],
    ],
    'in time order, then in the order they were set',
  );
  assert.equal(clock.now(), 219);
  clock.advance(1000);
  assert.equal(ran.length, 3, 'each runs once');
});

test('a timer set by a timer runs in the same advance when it falls due inside it', () => {
  const clock = new ManualClock(0);
  const ran: number[] = [];
  after(clock, 10, () => {
    ran.push(clock.now());
    after(clock, 10, () => ran.push(clock.now()));
  });
  clock.advance(25);
  assert.deepEqual(ran, [10, 20]);
});

test('a plain { now } clock still gets a timer, a real unref’d one', async () => {
  let fired = false;
  after({ now: () => 0 }, 0, () => (fired = true));
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(fired, true);
});
