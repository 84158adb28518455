// rooms:delta with real socket.io-client connections and the server's clock moved by hand: a change reaches only
// the sockets that watch the lab's rooms, as one small versioned delta per window; a gap is put right by a snapshot.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, collect, fakeClock, settle, startTestServer } from '../helpers/demo-server.ts';
import type { TestServer, TestSocket } from '../helpers/demo-server.ts';
import type { RoomsDelta, RoomsSnapshot } from '../../src/contract/index.ts';
import { MAX_CHANGES_PER_DELTA, ROOMS_FLUSH_MS } from '../../server/features/rooms-deltas.ts';
import { applyDelta, emptyExplorer, withSnapshot, type ExplorerState } from '../../src/widgets/rooms-explorer/model.ts';

const LIMITS = { eventsPerSecond: 10_000, eventBurst: 10_000 };

async function lab(server: TestServer, n: number) {
  const sockets: TestSocket[] = [];
  for (let i = 0; i < n; i++) sockets.push(await server.connect());
  const created = await ask<{ labId: string }>(sockets[0]!, 'lab:create', { kind: 'rooms-explorer', name: 'M0' });
  assert.ok(created.ok);
  for (let i = 1; i < n; i++) await ask(sockets[i]!, 'lab:join', { labId: created.data.labId, name: `M${i}` });
  return { labId: created.data.labId, sockets };
}

async function list(socket: TestSocket): Promise<RoomsSnapshot> {
  const res = await ask<RoomsSnapshot>(socket, 'rooms:list', {});
  assert.ok(res.ok);
  return res.data;
}

/** Waits (on the event loop, not on time) until the server no longer holds the socket. */
async function gone(server: TestServer, id: string): Promise<void> {
  while (server.demo.io.of('/').sockets.has(id)) await new Promise((r) => setImmediate(r));
}

const settleAll = (sockets: TestSocket[]) => Promise.all(sockets.map((s) => settle(s)));

test('a leave is one small delta to each watching socket, after the window; the others hear nothing', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: LIMITS });
  t.after(() => server.close());
  const { sockets } = await lab(server, 30);
  const watchers = sockets.slice(0, 3);
  const others = sockets.slice(3, 29);
  const snaps = await Promise.all(watchers.map(list));
  const boxes = sockets.map((s) => collect<RoomsDelta>(s, 'rooms:delta'));
  const bytes: number[] = [];
  for (const w of watchers) w.on('rooms:delta', (d) => bytes.push(JSON.stringify(d).length));

  const leaver = sockets[29]!;
  const leaverId = leaver.id!;
  leaver.disconnect();
  await gone(server, leaverId);
  await settleAll(sockets.slice(0, 29));
  assert.deepEqual(boxes.flat(), [], 'nothing before the window ends');

  clock.advance(ROOMS_FLUSH_MS);
  await settleAll(sockets.slice(0, 29));
  for (const [i, w] of watchers.entries()) {
    const box = boxes[i]!;
    assert.equal(box.length, 1, `watcher ${i}: one delta`);
    const from = snaps[i]!.version;
    assert.deepEqual(box[0], { from, version: from + 1, changes: [{ kind: 'left', id: leaverId }] });
    assert.ok(!('members' in box[0]!), 'a delta, not a snapshot');
    const after = applyDelta(withSnapshot(emptyExplorer(), snaps[i]!), box[0]!);
    assert.equal(after.resync, false);
    assert.deepEqual(after.state.members, (await list(w)).members, 'the delta brings the snapshot up to date');
  }
  assert.ok(Math.max(...bytes) < 100, `a leave is under 100 bytes whatever the lab's size (got ${bytes})`);
  for (const i of others.keys()) assert.deepEqual(boxes[i + 3], [], 'a member that never asked for the view');
});

test('changes within one window are coalesced into one delta, in order; the next window goes on', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: LIMITS });
  t.after(() => server.close());
  const { labId, sockets } = await lab(server, 3);
  const [watcher, mover] = sockets as [TestSocket, TestSocket, TestSocket];
  const start = await list(watcher);
  const box = collect<RoomsDelta>(watcher, 'rooms:delta');

  await ask(mover, 'rooms:join', { room: 'room1' });
  clock.advance(ROOMS_FLUSH_MS / 2);
  await ask(mover, 'rooms:join', { room: 'room2' });
  await ask(mover, 'rooms:join', { room: 'room2' }); // already in it: no change
  const newcomer = await server.connect();
  await ask(newcomer, 'lab:join', { labId, name: 'New' });
  await settle(watcher);
  assert.equal(box.length, 0);
  clock.advance(ROOMS_FLUSH_MS / 2);
  await settle(watcher);
  assert.equal(box.length, 1, 'three changes in one window: one message');
  assert.deepEqual(box[0], {
    from: start.version,
    version: start.version + 1,
    changes: [
      { kind: 'entered', id: mover.id, room: 'room1' },
      { kind: 'entered', id: mover.id, room: 'room2' },
      { kind: 'joined', id: newcomer.id, name: 'New' },
    ],
  });

  await ask(mover, 'rooms:leave', { room: 'room1' });
  clock.advance(ROOMS_FLUSH_MS);
  await settle(watcher);
  assert.deepEqual(box[1], {
    from: start.version + 1,
    version: start.version + 2,
    changes: [{ kind: 'exited', id: mover.id, room: 'room1' }],
  });
  clock.advance(10 * ROOMS_FLUSH_MS);
  await settle(watcher);
  assert.equal(box.length, 2, 'no change, no message');
});

test('a client that misses a delta sees the gap, asks for a snapshot, and is right again', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: LIMITS });
  t.after(() => server.close());
  const { sockets } = await lab(server, 3);
  const [watcher, mover] = sockets as [TestSocket, TestSocket, TestSocket];
  let page: ExplorerState = withSnapshot(emptyExplorer(), await list(watcher));
  const box = collect<RoomsDelta>(watcher, 'rooms:delta');

  await ask(mover, 'rooms:join', { room: 'room1' });
  clock.advance(ROOMS_FLUSH_MS);
  await ask(mover, 'rooms:join', { room: 'room2' });
  clock.advance(ROOMS_FLUSH_MS);
  await settle(watcher);
  assert.equal(box.length, 2);
  // The page lost the first delta (say, its socket was replaced in between): the second one does not continue.
  const gap = applyDelta(page, box[1]!);
  assert.equal(gap.resync, true);
  assert.equal(gap.state, page, 'nothing applied across a gap');
  page = withSnapshot(gap.state, await list(watcher));
  assert.equal(page.version, box[1]!.version);
  assert.deepEqual(page.members.find((m) => m.id === mover.id)!.rooms, ['room1', 'room2']);

  await ask(mover, 'rooms:leave', { room: 'room2' });
  clock.advance(ROOMS_FLUSH_MS);
  await settle(watcher);
  const next = applyDelta(page, box[2]!);
  assert.equal(next.resync, false, 'after the snapshot, deltas continue from it');
  assert.deepEqual(next.state.members, (await list(watcher)).members);
});

test('more changes in a window than a delta lists: one small resync delta, and the snapshot is right', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: LIMITS });
  t.after(() => server.close());
  const { sockets } = await lab(server, 2);
  const [watcher, mover] = sockets as [TestSocket, TestSocket];
  const page = withSnapshot(emptyExplorer(), await list(watcher));
  const box = collect<RoomsDelta>(watcher, 'rooms:delta');
  for (let i = 0; i <= MAX_CHANGES_PER_DELTA; i++) {
    assert.ok((await ask(mover, i % 2 ? 'rooms:leave' : 'rooms:join', { room: 'room1' })).ok);
  }
  clock.advance(ROOMS_FLUSH_MS);
  await settle(watcher);
  assert.deepEqual(box, [{ from: page.version, version: page.version! + 1, changes: [], resync: true }]);
  assert.equal(applyDelta(page, box[0]!).resync, true);
  const fresh = await list(watcher);
  assert.deepEqual(fresh.members.find((m) => m.id === mover.id)!.rooms, ['room1'], 'an odd number of joins');
});

test('deltas applied to a snapshot equal a fresh snapshot, even with snapshots taken mid-window', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: LIMITS });
  t.after(() => server.close());
  const { labId, sockets } = await lab(server, 6);
  const watcher = sockets[0]!;
  const box = collect<RoomsDelta>(watcher, 'rooms:delta');
  let page = withSnapshot(emptyExplorer(), await list(watcher));
  let seed = 7;
  const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const live = sockets.slice(1);
  for (let step = 0; step < 120; step++) {
    const pick = rand(10);
    if (pick < 7 && live.length) {
      const s = live[rand(live.length)]!;
      await ask(s, rand(2) ? 'rooms:join' : 'rooms:leave', { room: `room${rand(3)}` });
    } else if (pick < 8 && live.length > 1) {
      const [s] = live.splice(rand(live.length), 1);
      const id = s!.id!;
      s!.disconnect();
      await gone(server, id);
    } else if (pick < 9) {
      const s = await server.connect();
      await ask(s, 'lab:join', { labId, name: 'Late' });
      live.push(s);
    } else {
      // A snapshot in the middle of a window: it already holds changes the next delta repeats.
      page = withSnapshot(page, await list(watcher));
    }
    if (rand(4) === 0) clock.advance(ROOMS_FLUSH_MS);
    await settle(watcher);
    for (const d of box.splice(0)) {
      const r = applyDelta(page, d);
      assert.equal(r.resync, false, `step ${step}: no gap on one connection`);
      page = r.state;
    }
  }
  clock.advance(ROOMS_FLUSH_MS);
  await settle(watcher);
  for (const d of box.splice(0)) page = applyDelta(page, d).state;
  assert.deepEqual(page.members, (await list(watcher)).members);
});
