// A share link survives a server restart: pages that rejoin an id the new process does not know land in one lab
// under that id again (the old behaviour split them, each into a new lab of its own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import { createDemoServer, type DemoServerHandle } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { DEFAULT_LIMITS } from '../../server/config.ts';
import type { LabInfo } from '../../src/contract/index.ts';
import { ask, startTestServer, type TestSocket } from '../helpers/demo-server.ts';

interface Running {
  http: Server;
  demo: DemoServerHandle;
}

async function listen(port: number, limits = DEFAULT_LIMITS): Promise<Running> {
  const http = createServer((_req, res) => res.writeHead(404).end());
  const demo = createDemoServer(http, { logger: silentLogger, limits });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  return { http, demo };
}

async function stop(r: Running): Promise<void> {
  await r.demo.close();
  r.http.closeAllConnections();
  await new Promise<void>((resolve) => r.http.close(() => resolve()));
}

/** A page's client: joins its lab by id on every (re)connect, as the widgets' lab sessions do. */
function pageClient(url: string, labId: string, name: string) {
  const options = { forceNew: true, transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 100 };
  const socket: TestSocket = connect(url, options);
  const joins: LabInfo[] = [];
  let wake: (() => void) | undefined;
  socket.on('connect', () => {
    void ask<LabInfo>(socket, 'lab:join', { labId, name, kind: 'emit-sequence' }).then((res) => {
      assert.equal(res.ok, true, res.ok ? '' : res.error);
      if (res.ok) joins.push(res.data);
      wake?.();
    });
  });
  const joined = async (n: number) => {
    while (joins.length < n) await new Promise<void>((resolve) => (wake = resolve));
    return joins[n - 1]!;
  };
  return { socket, joined };
}

test('after a restart on the same port, two clients of one share link rejoin one lab under the same id', async (t) => {
  let server = await listen(0);
  const port = (server.http.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const creator = connect(url, { forceNew: true, transports: ['websocket'], reconnection: false }) as TestSocket;
  const created = await ask<LabInfo>(creator, 'lab:create', { kind: 'emit-sequence', name: 'Alice' });
  assert.ok(created.ok);
  const labId = created.data.labId;
  creator.disconnect();

  const a = pageClient(url, labId, 'Alice');
  const b = pageClient(url, labId, 'Bob');
  t.after(() => {
    a.socket.disconnect();
    b.socket.disconnect();
  });
  assert.equal((await a.joined(1)).labId, labId);
  assert.equal((await b.joined(1)).members, 2);

  await stop(server);
  server = await listen(port);
  t.after(() => stop(server));
  const [againA, againB] = await Promise.all([a.joined(2), b.joined(2)]);
  assert.equal(againA.labId, labId);
  assert.equal(againB.labId, labId);
  assert.equal(Math.max(againA.members, againB.members), 2, 'both pages are in the one re-created lab');
  assert.equal(server.demo.labs.get(labId)?.members.size, 2);
  assert.equal(server.demo.labs.labs.size, 1, 'no second lab was made');
});

test('re-creating a lab on join is bounded by the lab limit, needs a kind, and never takes a lab in use', async (t) => {
  const server = await startTestServer({ limits: { ...DEFAULT_LIMITS, maxLabs: 1 } });
  t.after(() => server.close());
  const a = await server.connect();
  const first = await ask<LabInfo>(a, 'lab:join', { labId: 'abcd1234', name: 'Alice', kind: 'emit-sequence' });
  assert.ok(first.ok);
  const { secret, ...info } = first.data;
  assert.deepEqual(info, { labId: 'abcd1234', kind: 'emit-sequence', name: 'Alice', members: 1 });
  assert.match(secret, /^[A-Za-z0-9_-]{22}$/, 'the join reply carries a member secret');
  const b = await server.connect();
  const full = await ask(b, 'lab:join', { labId: 'zzzz9999', name: 'Bob', kind: 'emit-sequence' });
  assert.equal(!full.ok && full.code, 'server-full');
  const noKind = await ask(b, 'lab:join', { labId: 'zzzz9999', name: 'Bob' });
  assert.equal(!noKind.ok && noKind.code, 'unknown-lab');
  // The existing lab is joined, not replaced, whatever kind the joiner claims.
  const same = await ask<LabInfo>(b, 'lab:join', { labId: 'abcd1234', name: 'Bob', kind: 'namespaces' });
  assert.deepEqual(same.ok && [same.data.kind, same.data.members], ['emit-sequence', 2]);
  const badKind = await ask(b, 'lab:join', { labId: 'abcd1235', name: 'Bob', kind: 'Not A Kind' });
  assert.equal(!badKind.ok && badKind.code, 'invalid-payload');
});
