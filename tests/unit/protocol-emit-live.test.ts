// GOLD STANDARD: runs every emit variant's code line on a real socket.io 4.8 Server (port 0)
// with 4 real socket.io-client clients, and checks the pure model predicted exactly who got it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { Socket as ServerSocket } from 'socket.io';
import { io as connect } from 'socket.io-client';
import type { Socket as ClientSocket } from 'socket.io-client';
import { EMIT_VARIANTS, recipients } from '../../src/lib/protocol/emit-semantics.ts';
import type { EmitParams, SimSocket } from '../../src/lib/protocol/emit-semantics.ts';

const LAYOUT: { name: string; rooms: string[] }[] = [
  { name: 'Ana', rooms: ['room1'] },
  { name: 'Ben', rooms: ['room2'] },
  { name: 'Cleo', rooms: ['room1', 'room2'] },
  { name: 'Dev', rooms: [] },
];
const ROOMS = ['room1', 'room2', 'room3']; // room3 is empty on purpose

test('live Socket.IO server agrees with recipients() for every variant, sender and parameter', async () => {
  const http = createServer();
  const io = new Server(http);
  const serverSockets = new Map<string, ServerSocket>();
  io.on('connection', (socket) => {
    socket.join((socket.handshake.auth as { rooms: string[] }).rooms);
    serverSockets.set(socket.id, socket);
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

  const clients: ClientSocket[] = [];
  const got = new Map<string, Set<string>>(); // nonce -> receiving socket ids
  const flushed = new Map<string, number>();
  let wake: () => void = () => {};
  try {
    for (const l of LAYOUT) {
      const c = connect(url, { transports: ['websocket'], forceNew: true, auth: { rooms: l.rooms } });
      await new Promise<void>((r) => c.once('connect', () => r()));
      c.on('hello', (nonce: string) => got.get(nonce)!.add(c.id!));
      c.on('flush', (nonce: string) => {
        flushed.set(nonce, (flushed.get(nonce) ?? 0) + 1);
        wake();
      });
      clients.push(c);
    }
    const sockets: SimSocket[] = LAYOUT.map((l, i) => ({ id: clients[i].id!, name: l.name, rooms: l.rooms }));
    assert.deepEqual(new Set(serverSockets.keys()), new Set(sockets.map((s) => s.id)));

    let n = 0;
    let checked = 0;
    for (const v of EMIT_VARIANTS) {
      const choices: EmitParams[] = [{}];
      for (const k of v.params) {
        const values = k === 'target' ? sockets.map((s) => s.id) : ROOMS;
        const next: EmitParams[] = [];
        for (const c of choices) for (const val of values) next.push({ ...c, [k]: val });
        choices.splice(0, choices.length, ...next);
      }
      for (const sender of sockets) {
        for (const params of choices) {
          const nonce = String(n++);
          got.set(nonce, new Set());
          const line = v.code(params);
          // Run the exact code line the course shows, with the real server objects.
          new Function('io', 'socket', 'msg', line)(io, serverSockets.get(sender.id), nonce);
          // Same-socket packets arrive in order, so after "flush" every "hello" has landed.
          io.emit('flush', nonce);
          while ((flushed.get(nonce) ?? 0) < sockets.length) {
            await new Promise<void>((r) => (wake = r));
          }
          const want = recipients(sockets, sender.id, v.id, params);
          assert.deepEqual(got.get(nonce), want, `${line} from ${sender.name}`);
          checked++;
        }
      }
    }
    assert.ok(checked > 200, `checked ${checked} cases`);
  } finally {
    for (const c of clients) c.disconnect();
    await new Promise<void>((r) => io.close(() => r()));
  }
});
