// The widgets' shared lab session (src/lib/socket/virtual-clients.ts) keeps the member secret of its last join
// reply and sends it with its rejoin: a client back before the server let go of its old socket keeps its name.
// Run in Node against the real server: `window` and `location` are the two browser globals the session reads.
// They are process-wide, so this file asks the unit lanes for a process of its own (test: own process).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabInfo } from '../../src/contract/index.ts';
import { openLabSession } from '../../src/lib/socket/virtual-clients.ts';
import { ask, startTestServer } from '../helpers/demo-server.ts';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('the lab session rejoins with its member secret: the name survives a socket the server still lists', async (t) => {
  const server = await startTestServer();
  const globals = globalThis as unknown as { window?: EventTarget; location?: URL };
  globals.window = new EventTarget();
  globals.location = new URL(server.url);
  let session: Awaited<ReturnType<typeof openLabSession>> | undefined;
  t.after(async () => {
    session?.close(); // before the globals go: it removes its window listener
    delete globals.window;
    delete globals.location;
    await server.close();
  });
  const ana = await server.connect();
  const made = await ask<LabInfo>(ana, 'lab:create', { kind: 'emit-sequence', name: 'Ana' });
  assert.ok(made.ok);
  const labId = made.data.labId;

  const joins: LabInfo[] = [];
  session = await openLabSession({
    kind: 'emit-sequence',
    names: ['Ada'],
    labId,
    socketOptions: { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 },
    onLab: (lab) => joins.push(lab),
  });
  const joined = async (n: number) => {
    for (let i = 0; joins.length < n; i++) {
      assert.ok(i < 200, `join ${n} within 2 s`);
      await wait(10);
    }
    return joins[n - 1]!;
  };
  assert.equal((await joined(1)).name, 'Ada');

  // The server keeps the old socket on the roster, as when its ping has not timed out yet (or its node died):
  // its disconnect no longer runs the lab's leave.
  const client = session.clients[0]!;
  const old = server.demo.io.of('/').sockets.get(client.socket.id!)!;
  old.removeAllListeners('disconnect');
  client.socket.io.engine.close();

  const back = await joined(2);
  assert.equal(back.name, 'Ada', 'the rejoin kept the name instead of "Ada 2"');
  assert.notEqual(back.secret, joins[0]!.secret);
  const members = [...server.demo.labs.get(labId)!.members];
  assert.deepEqual(
    members,
    [
      [ana.id, 'Ana'],
      [client.socket.id, 'Ada'],
    ],
    'the old socket left the roster',
  );
});
