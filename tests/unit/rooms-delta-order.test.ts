// Rooms deltas from two nodes arriving out of order: the page holds the early one briefly and applies both
// in order, so an out-of-order pair costs no snapshot; a delta that is lost, not late, still ends in one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RoomsDelta } from '../../src/contract/index.ts';
import { MAX_HELD, orderDelta, release } from '../../src/widgets/rooms-explorer/delta-order.ts';
import { applyDelta, emptyExplorer, withSnapshot } from '../../src/widgets/rooms-explorer/model.ts';

const delta = (from: number, id: string): RoomsDelta => ({
  from,
  version: from + 1,
  changes: [{ kind: 'joined', id, name: id }],
});

function page() {
  let state = withSnapshot(emptyExplorer(), { version: 5, members: [] });
  let held: RoomsDelta[] = [];
  let snapshots = 0;
  const apply = (ready: RoomsDelta[]) => {
    for (const d of ready) {
      const next = applyDelta(state, d);
      state = next.state;
      if (next.resync) snapshots++;
    }
  };
  return {
    arrive(d: RoomsDelta) {
      const ordered = orderDelta(held, state.version, d);
      held = ordered.held;
      apply(ordered.ready);
    },
    timeout() {
      const ordered = release(held);
      held = ordered.held;
      apply(ordered.ready);
    },
    get state() {
      return state;
    },
    get held() {
      return held;
    },
    get snapshots() {
      return snapshots;
    },
  };
}

test('an out-of-order pair is applied in order and costs no snapshot', () => {
  const p = page();
  p.arrive(delta(6, 'b')); // v7 first: its predecessor v6 is still on its way
  assert.equal(p.state.version, 5);
  assert.equal(p.held.length, 1);
  p.arrive(delta(5, 'a'));
  assert.equal(p.state.version, 7);
  assert.deepEqual(
    p.state.members.map((m) => m.id),
    ['a', 'b'],
  );
  assert.equal(p.snapshots, 0);
  assert.equal(p.held.length, 0);
});

test('copies of a held delta from other clients on the page are held once; old copies pass', () => {
  const p = page();
  p.arrive(delta(6, 'b'));
  p.arrive(delta(6, 'b'));
  assert.equal(p.held.length, 1);
  p.arrive(delta(5, 'a'));
  p.arrive(delta(5, 'a'));
  assert.equal(p.state.version, 7);
  assert.equal(p.snapshots, 0);
});

test('a lost delta: when the wait ends, the gap asks for one snapshot as before', () => {
  const p = page();
  p.arrive(delta(6, 'b'));
  assert.equal(p.snapshots, 0);
  p.timeout();
  assert.equal(p.snapshots, 1);
  assert.equal(p.state.version, 5, 'nothing applied over the gap');
});

test('more than MAX_HELD waiting: released at once (something is lost, not late)', () => {
  const p = page();
  for (let i = 0; i < MAX_HELD; i++) p.arrive(delta(7 + i, `x${i}`));
  assert.equal(p.held.length, MAX_HELD);
  p.arrive(delta(7 + MAX_HELD, 'y'));
  assert.equal(p.held.length, 0);
  assert.ok(p.snapshots >= 1);
});
