// The per-address connection quota counts Engine.IO connections, not only namespace connections: raw WebSocket and
// polling handshakes that never open a namespace hold a slot, on every Socket.IO server the demo runs, and
// closing one gives the slot back. Real handshakes on a random port; the other address binds 127.0.0.2.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import WebSocket from 'ws';
import { io as connect } from 'socket.io-client';
import { DEFAULT_LIMITS } from '../../server/config.ts';
import { RECOVERY_PATH } from '../../src/contract/index.ts';
import { startTestServer, type TestServer, type TestSocket } from '../helpers/demo-server.ts';

const REFUSED_HELD = DEFAULT_LIMITS.refusedConnectionsHeldPerAddress;

async function serve(t: TestContext, maxConnectionsPerAddress: number, held = REFUSED_HELD): Promise<TestServer> {
  const server = await startTestServer({
    limits: { maxConnectionsPerAddress, refusedConnectionsHeldPerAddress: held },
  });
  t.after(() => server.close());
  return server;
}

const wsUrl = (server: TestServer, path = '/socket.io/') =>
  `${server.url.replace('http', 'ws')}${path}?EIO=4&transport=websocket`;

type RawOutcome = { ws: WebSocket; outcome: 'open' | 'closed' | number };

/**
 * A raw Engine.IO WebSocket handshake that never opens a namespace. Resolves once the server has decided:
 * 'open' (the Engine.IO open packet arrived and nothing closed it within `watchMs`), 'closed' (the server closed it)
 * or the HTTP status of a refused handshake.
 */
function rawWebSocket(url: string, watchMs: number, localAddress?: string): Promise<RawOutcome> {
  const ws = new WebSocket(url, localAddress ? { localAddress } : {});
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    ws.on('message', (data) => {
      if (String(data).startsWith('0') && !timer) timer = setTimeout(() => resolve({ ws, outcome: 'open' }), watchMs);
    });
    ws.on('close', () => {
      clearTimeout(timer);
      resolve({ ws, outcome: 'closed' });
    });
    ws.on('unexpected-response', (_req, res) => {
      resolve({ ws, outcome: res.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('error', () => {});
  });
}

/** A raw Engine.IO polling handshake: the status and body of the GET. */
function pollingHandshake(server: TestServer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}/socket.io/?EIO=4&transport=polling`, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** Sends Engine.IO's close packet on a polling session, as a client leaving does. */
function pollingClose(server: TestServer, sid: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`,
      { method: 'POST', headers: { 'content-type': 'text/plain;charset=UTF-8' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end('1');
  });
}

function attempt(server: TestServer, opts: Record<string, unknown> = {}): Promise<{ s: TestSocket; outcome: string }> {
  const s: TestSocket = connect(server.url, {
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    ...opts,
  });
  return new Promise((resolve) => {
    s.once('connect', () => resolve({ s, outcome: 'connected' }));
    s.once('connect_error', (err) => resolve({ s, outcome: err.message }));
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), 'the server never got there');
}

test('raw WebSocket handshakes without a namespace count against the quota; closing one frees its slot', async (t) => {
  const server = await serve(t, 2);
  const clients = server.demo.clients;
  const a = await rawWebSocket(wsUrl(server), 50);
  const b = await rawWebSocket(wsUrl(server), 50);
  t.after(() => [a, b].forEach((x) => x.ws.terminate()));
  assert.deepEqual([a.outcome, b.outcome], ['open', 'open']);
  assert.equal(clients.connectionsFrom('127.0.0.1'), 2, 'two raw connections hold two slots');
  // Over the quota: a Socket.IO client is told why in words; a raw one is closed by the server.
  const told = await attempt(server);
  t.after(() => told.s.disconnect());
  assert.match(told.outcome, /Too many connections from one address \(at most 2\)/);
  const c = await rawWebSocket(wsUrl(server), 3000);
  assert.equal(c.outcome, 'closed', 'the raw connection over the quota is closed, not kept');
  // Another address is unaffected.
  const other = await attempt(server, { localAddress: '127.0.0.2' });
  t.after(() => other.s.disconnect());
  assert.equal(other.outcome, 'connected');
  // Closing a raw connection gives its slot back.
  a.ws.close();
  await until(() => clients.connectionsFrom('127.0.0.1') === 1);
  const back = await attempt(server);
  t.after(() => back.s.disconnect());
  assert.equal(back.outcome, 'connected');
});

test('raw handshakes on the recovery server count against the same quota', async (t) => {
  const server = await serve(t, 2);
  const a = await rawWebSocket(wsUrl(server, `${RECOVERY_PATH}/`), 50);
  t.after(() => a.ws.terminate());
  assert.equal(a.outcome, 'open');
  const b = await rawWebSocket(wsUrl(server), 50);
  t.after(() => b.ws.terminate());
  assert.equal(server.demo.clients.connectionsFrom('127.0.0.1'), 2);
  const told = await attempt(server);
  t.after(() => told.s.disconnect());
  assert.match(told.outcome, /Too many connections from one address/);
  a.ws.close();
  await until(() => server.demo.clients.connectionsFrom('127.0.0.1') === 1);
});

test('a raw polling handshake holds a slot until its close packet; over the quota, a held-full address gets 403', async (t) => {
  const server = await serve(t, 1);
  const first = await pollingHandshake(server);
  assert.equal(first.status, 200);
  const sid = (JSON.parse(first.body.slice(1)) as { sid: string }).sid;
  assert.equal(server.demo.clients.connectionsFrom('127.0.0.1'), 1, 'the polling session holds the one slot');
  // Refused connections waiting to be told are capped: past REFUSED_HELD, the handshake itself is refused.
  const waiting = await Promise.all(Array.from({ length: REFUSED_HELD }, () => pollingHandshake(server)));
  assert.deepEqual(
    waiting.map((w) => w.status),
    Array(REFUSED_HELD).fill(200),
  );
  const refused = await pollingHandshake(server);
  assert.equal(refused.status, 403);
  assert.match(refused.body, /Too many refused connections from one address/);
  assert.equal(server.demo.clients.connectionsFrom('127.0.0.1'), 1, 'refused ones never took a slot');
  // Its close packet gives the slot back.
  assert.equal(await pollingClose(server, sid), 200);
  await until(() => server.demo.clients.connectionsFrom('127.0.0.1') === 0);
});

test('SP_MAX_CONNECTIONS_PER_ADDRESS raised: as many raw connections as the cap stay open', async (t) => {
  const server = await serve(t, 4);
  const all: RawOutcome[] = [];
  for (let i = 0; i < 4; i++) all.push(await rawWebSocket(wsUrl(server), 50));
  t.after(() => all.forEach((x) => x.ws.terminate()));
  assert.deepEqual(
    all.map((x) => x.outcome),
    ['open', 'open', 'open', 'open'],
  );
  assert.equal(server.demo.clients.connectionsFrom('127.0.0.1'), 4);
});

test('SP_REFUSED_CONNECTIONS_HELD_PER_ADDRESS both ways: 2 held → the third refused handshake is a 403; 8 → not yet', async (t) => {
  for (const [held, tries, lastStatus] of [
    [2, 2, 403],
    [8, 2, 200],
  ] as const) {
    const server = await serve(t, 1, held);
    const first = await pollingHandshake(server);
    assert.equal(first.status, 200);
    const waiting = await Promise.all(Array.from({ length: tries }, () => pollingHandshake(server)));
    assert.deepEqual(
      waiting.map((w) => w.status),
      Array(tries).fill(200),
    );
    assert.equal((await pollingHandshake(server)).status, lastStatus, `held ${held}`);
  }
});
