// Connection state recovery across nodes: the recovery server (/recovery.io) runs the Redis Streams adapter, which
// keeps sessions and broadcast packets in Redis. A socket whose transport was cut on node A comes back on node B
// with `recovered: true`, the same id, and the stream events it missed, then keeps receiving them live.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { io as connect } from 'socket.io-client';
import { RECOVERY_PATH, type LabInfo, type StreamEvent } from '../../src/contract/index.ts';
import { ask, collect, type TestSocket } from '../helpers/demo-server.ts';
import { twoNodes } from '../helpers/two-nodes.ts';
import { eventually } from '../helpers/eventually.ts';

/** What socket.io-client keeps to ask for recovery (private fields; it sends them in its CONNECT packet). */
type Recoverable = { _pid?: string; _lastOffset?: string };

async function open(url: string, opts: Parameters<typeof connect>[1] = {}): Promise<TestSocket> {
  const socket: TestSocket = connect(url, {
    path: RECOVERY_PATH,
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    ...opts,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

test('recovery across nodes: cut on node A, back on node B with recovered: true and the missed events', async (t) => {
  const { a, b } = await twoNodes(t, { leaseTtlMs: 1000, leaseRenewMs: 250 });
  const sockets: TestSocket[] = [];
  t.after(() => sockets.forEach((s) => s.disconnect()));

  // Alice's page on node A's recovery server; Tom keeps the lab busy while she is away (a lab left empty stops)
  // and shows what she misses.
  const alice = await open(a.url);
  sockets.push(alice);
  const created = await ask<LabInfo>(alice, 'lab:create', { kind: 'missed-events', name: 'Alice' });
  assert.ok(created.ok, JSON.stringify(created));
  const tom = await open(a.url);
  sockets.push(tom);
  assert.ok((await ask(tom, 'lab:join', { labId: created.data.labId, name: 'Tom' })).ok);
  const before = collect<StreamEvent>(alice, 'missed:event');
  const toTom = collect<StreamEvent>(tom, 'missed:event');
  assert.ok((await ask(alice, 'missed:subscribe', {})).ok);
  assert.ok((await ask(tom, 'missed:subscribe', {})).ok);
  assert.ok((await ask(alice, 'missed:configure', { running: true, rate: 20 })).ok);
  await eventually(() => before.length >= 5, 'the stream reaches Alice on node A');

  // An unexpected disconnect: the server closes her transport.
  const { _pid: pid, _lastOffset: offset } = alice as unknown as Recoverable;
  const idBefore = alice.id;
  assert.ok(pid && offset, 'the client holds a session id and the offset of the last packet it got');
  const gone = new Promise((resolve) => alice.once('disconnect', resolve));
  assert.ok((await ask(alice, 'missed:cut', {})).ok);
  assert.equal(await gone, 'transport close');
  const lastSeen = before[before.length - 1]!.seq;
  await eventually(() => toTom.some((e) => e.seq >= lastSeen + 8), 'eight events go out while she is away');

  // Back, on the other node, as a reconnect would: the client puts its session id and offset in the CONNECT
  // packet and calls itself recovered when the server answers with the same session id.
  const back = connect(b.url, {
    path: RECOVERY_PATH,
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    autoConnect: false,
  }) as TestSocket;
  Object.assign(back, { _pid: pid, _lastOffset: offset } satisfies Recoverable);
  sockets.push(back);
  const after = collect<StreamEvent>(back, 'missed:event');
  back.connect();
  await new Promise<void>((resolve, reject) => {
    back.once('connect', () => resolve());
    back.once('connect_error', reject);
  });
  assert.equal(back.recovered, true, 'node B restored the session node A saved in Redis');
  assert.equal(back.id, idBefore, 'the same socket id');
  await eventually(() => after.length >= 12, 'the missed ones and then live ones');
  const seqs = after.map((e) => e.seq);
  assert.ok(seqs[0] === lastSeen + 1, `the first packet back is the first one she missed (${lastSeen + 1}: ${seqs})`);
  assert.deepEqual(
    seqs,
    seqs.map((_, i) => lastSeen + 1 + i),
    'no gap and no duplicate between what was missed and what came live',
  );
});
