// rooms:* with real socket.io-client connections: the server really joins rooms, scoped to the lab, and every
// cheatsheet variant reaches exactly the sockets recipients() predicts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, collect, next, settle, startTestServer, type TestServer } from '../helpers/demo-server.ts';
import { EMIT_VARIANTS, recipients, type SimSocket } from '../../src/lib/protocol/emit-semantics.ts';
import type { RoomMessage, RoomsDelta, RoomsSnapshot } from '../../src/contract/index.ts';
import { applyDelta, emptyExplorer, withSnapshot } from '../../src/widgets/rooms-explorer/model.ts';

const LAYOUT = [
  { name: 'Ana', rooms: ['room1'] },
  { name: 'Ben', rooms: ['room2'] },
  { name: 'Cleo', rooms: ['room1', 'room2'] }, // in both
  { name: 'Dev', rooms: [] as string[] }, // in none
];

async function labOfFour(server: TestServer) {
  const sockets = await Promise.all(LAYOUT.map(() => server.connect()));
  const created = await ask<{ labId: string }>(sockets[0]!, 'lab:create', { kind: 'rooms-explorer', name: 'Ana' });
  assert.ok(created.ok);
  const labId = created.data.labId;
  for (let i = 1; i < sockets.length; i++) await ask(sockets[i]!, 'lab:join', { labId, name: LAYOUT[i]!.name });
  for (let i = 0; i < sockets.length; i++) {
    for (const room of LAYOUT[i]!.rooms) assert.equal((await ask(sockets[i]!, 'rooms:join', { room })).ok, true);
  }
  return { labId, sockets };
}

test('every emit variant reaches exactly the sockets recipients() names, for every sender and target', async (t) => {
  const server = await startTestServer({ limits: { eventsPerSecond: 10_000, eventBurst: 10_000 } });
  t.after(() => server.close());
  const { sockets } = await labOfFour(server);
  // A socket in another lab, in a room with the same name: it must never receive anything from this lab.
  const stranger = await server.connect();
  const other = await ask<{ labId: string }>(stranger, 'lab:create', { kind: 'rooms-explorer', name: 'Ana' });
  assert.ok(other.ok);
  await ask(stranger, 'rooms:join', { room: 'room1' });
  const strangerBox = collect<RoomMessage>(stranger, 'rooms:message');

  const boxes = sockets.map((s) => collect<RoomMessage>(s, 'rooms:message'));
  const sim: SimSocket[] = sockets.map((s, i) => ({ id: s.id!, name: LAYOUT[i]!.name, rooms: LAYOUT[i]!.rooms }));
  let n = 0;
  let checked = 0;
  for (const variant of EMIT_VARIANTS) {
    for (const sender of sim) {
      const targets = variant.params.includes('target') ? sim.map((s) => s.id) : [undefined];
      for (const target of targets) {
        const ref = `r${++n}`;
        const params = { room: 'room1', room2: 'room2', ...(target ? { target } : {}) };
        const res = await ask(sockets[sim.indexOf(sender)]!, 'rooms:emit', { variant: variant.id, ...params, ref });
        assert.equal(res.ok, true, `${variant.id}: ${JSON.stringify(res)}`);
        for (const s of sockets) await settle(s); // one round trip each: anything sent before has arrived
        const got = new Set(sim.filter((_, i) => boxes[i]!.some((m) => m.ref === ref)).map((s) => s.id));
        const expected = recipients(sim, sender.id, variant.id, params);
        assert.deepEqual([...got].sort(), [...expected].sort(), `${variant.id} from ${sender.name} ${target ?? ''}`);
        for (const box of boxes)
          assert.ok(box.filter((m) => m.ref === ref).length <= 1, `${variant.id}: at most one copy each`);
        checked++;
      }
    }
  }
  assert.ok(checked >= EMIT_VARIANTS.length * 4);
  await settle(stranger);
  assert.deepEqual(strangerBox, [], 'another lab never hears this lab, even in a room of the same name');
});

test('io.to([room1, room2]) reaches Cleo, who is in both rooms, exactly once', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { sockets } = await labOfFour(server);
  const cleo = collect<RoomMessage>(sockets[2]!, 'rooms:message');
  await ask(sockets[3]!, 'rooms:emit', {
    variant: 'io.to([room,room2]).emit',
    room: 'room1',
    room2: 'room2',
    ref: 'dup',
  });
  await settle(sockets[2]!);
  assert.equal(cleo.length, 1);
  assert.equal(cleo[0]!.from, 'Dev');
});

test('rooms are real server rooms with the lab prefix; the snapshot shows them without it', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { labId, sockets } = await labOfFour(server);
  const serverSide = server.demo.io.of('/').sockets.get(sockets[2]!.id!)!;
  assert.deepEqual(
    [...serverSide.rooms].sort(),
    [sockets[2]!.id, `lab:${labId}`, `lab:${labId}/room1`, `lab:${labId}/room2`].sort(),
  );
  const snap = await ask<RoomsSnapshot>(sockets[0]!, 'rooms:list', {});
  assert.ok(snap.ok);
  assert.deepEqual(
    snap.data.members.map((m) => [m.name, m.rooms]),
    LAYOUT.map((l) => [l.name, l.rooms]),
  );
});

test('leaving a room, and disconnecting, are reported to the lab; a new connection starts in no room', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { labId, sockets } = await labOfFour(server);
  const left = await ask<RoomsSnapshot>(sockets[2]!, 'rooms:leave', { room: 'room1' });
  assert.ok(left.ok);
  assert.deepEqual(left.data.members.find((m) => m.name === 'Cleo')!.rooms, ['room2']);

  // Ana watches the lab's rooms (she asked for the list); the disconnect reaches her as a delta on that list.
  const listed = await ask<RoomsSnapshot>(sockets[0]!, 'rooms:list', {});
  assert.ok(listed.ok);
  const changed = next<RoomsDelta>(sockets[0]!, 'rooms:delta');
  const cleoId = sockets[2]!.id!;
  sockets[2]!.disconnect();
  const applied = applyDelta(withSnapshot(emptyExplorer(), listed.data), await changed);
  assert.equal(applied.resync, false);
  const snap = applied.state;
  assert.equal(
    snap.members.some((m) => m.id === cleoId),
    false,
  );
  assert.equal(server.demo.io.of('/').adapter.rooms.get(`lab:${labId}/room2`)?.has(cleoId) ?? false, false);

  const again = await server.connect();
  await ask(again, 'lab:join', { labId, name: 'Cleo' });
  const fresh = await ask<RoomsSnapshot>(again, 'rooms:list', {});
  assert.ok(fresh.ok);
  assert.deepEqual(fresh.data.members.find((m) => m.id === again.id)!.rooms, []);
});

test('bad requests are refused with a reason and change nothing', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { sockets } = await labOfFour(server);
  const stranger = await server.connect();
  assert.equal((await ask(stranger, 'rooms:join', { room: 'room1' })).ok, false, 'no lab, no rooms');
  await ask(stranger, 'lab:create', { kind: 'rooms-explorer', name: 'Eve' });
  const ana = sockets[0]!;
  const seen = sockets.map((s) => collect(s, 'rooms:message'));
  const cases: unknown[] = [
    { variant: 'io.teleport', ref: 'x' },
    { variant: 'io.to(room).emit', ref: 'x' },
    { variant: 'io.to(room).emit', room: 'Room One!', ref: 'x' },
    { variant: 'io.emit', ref: 'no spaces please' },
    { variant: 'io.emit', ref: 'x', extra: 1 },
    { variant: 'io.to(target).emit', target: stranger.id, ref: 'x' },
    { variant: 'socket.to(target).emit', target: 'AAAAAAAAAAAAAAAAAAAA', ref: 'x' },
    'io.emit',
    null,
  ];
  for (const payload of cases) {
    const res = await ask(ana, 'rooms:emit', payload);
    assert.equal(res.ok, false, `should refuse ${JSON.stringify(payload)}`);
  }
  for (const room of ['', 'UPPER', 'a'.repeat(21), 'lab:x', '../room']) {
    assert.equal((await ask(ana, 'rooms:join', { room })).ok, false, `should refuse room ${JSON.stringify(room)}`);
  }
  for (const s of sockets) await settle(s);
  assert.deepEqual(seen.flat(), []);
  const snap = await ask<RoomsSnapshot>(ana, 'rooms:list', {});
  assert.ok(snap.ok);
  assert.deepEqual(
    snap.data.members.map((m) => m.rooms),
    LAYOUT.map((l) => l.rooms),
  );
});

test('a socket can be in at most 8 named rooms in a lab', async (t) => {
  const server = await startTestServer({ limits: { eventsPerSecond: 1000, eventBurst: 1000 } });
  t.after(() => server.close());
  const { sockets } = await labOfFour(server);
  const dev = sockets[3]!;
  for (let i = 0; i < 8; i++) assert.equal((await ask(dev, 'rooms:join', { room: `r${i}` })).ok, true);
  const res = await ask(dev, 'rooms:join', { room: 'r8' });
  assert.equal(res.ok, false);
  assert.equal((await ask(dev, 'rooms:join', { room: 'r3' })).ok, true, 'joining a room you are in is fine');
});
