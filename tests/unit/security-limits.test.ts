// The security lab's own limits, from server/config.ts: per-address and global connection caps on its Server,
// the cap on probes running at once, and their SP_* overrides.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { io, type Socket } from 'socket.io-client';
import { limitsFromEnv } from '../../server/config.ts';
import { startTestServer, type TestServer } from '../helpers/demo-server.ts';
import { SECURE_PATH, type AckResult } from '../../src/contract/index.ts';

let server: TestServer;
const opened: Socket[] = [];

before(async () => {
  server = await startTestServer({ limits: { securityMaxConnectionsPerAddress: 2, securityMaxProbes: 1 } });
});
after(async () => {
  for (const s of opened) s.close();
  await server.close();
});

function lobby(): Promise<Socket> {
  const socket = io(server.url, { path: SECURE_PATH, forceNew: true, transports: ['websocket'], reconnection: false });
  opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** The server counts a close when the TCP connection ends, a moment after the client's close(): retry until then. */
async function lobbyOnceFreed(): Promise<Socket> {
  for (let i = 0; ; i++) {
    try {
      return await lobby();
    } catch (err) {
      if (i >= 40) throw err;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

test('one address holds at most securityMaxConnectionsPerAddress connections; a closed one frees its place', async () => {
  const a = await lobby();
  await lobby();
  await assert.rejects(lobby(), /websocket error/);
  a.close();
  await lobbyOnceFreed();
});

test('probes beyond securityMaxProbes at once are refused; the next one runs', async () => {
  for (const s of opened) s.close();
  opened.length = 0;
  const [a, b] = [await lobbyOnceFreed(), await lobbyOnceFreed()];
  const ask = (s: Socket) => s.timeout(5000).emitWithAck('security:probe', {}) as Promise<AckResult<unknown>>;
  const results = await Promise.all([ask(a), ask(b)]);
  assert.deepEqual(results.map((r) => r.ok).sort(), [false, true]);
  const busy = results.find((r) => !r.ok);
  assert.ok(busy && !busy.ok && /busy/.test(busy.error));
  assert.equal((await ask(b)).ok, true);
});

test('every security limit has an SP_* override', () => {
  const limits = limitsFromEnv({
    SP_SECURITY_MAX_PAYLOAD_BYTES: '2048',
    SP_SECURITY_EVENTS_PER_SECOND: '7',
    SP_SECURITY_EVENT_BURST: '14',
    SP_SECURITY_MAX_TOKEN_SECONDS: '30',
    SP_SECURITY_MAX_CONNECTIONS: '100',
    SP_SECURITY_MAX_CONNECTIONS_PER_ADDRESS: '9',
    SP_SECURITY_MAX_PROBES: '2',
  });
  assert.deepEqual(
    [
      limits.securityMaxPayloadBytes,
      limits.securityEventsPerSecond,
      limits.securityEventBurst,
      limits.securityMaxTokenSeconds,
    ],
    [2048, 7, 14, 30],
  );
  assert.deepEqual(
    [limits.securityMaxConnections, limits.securityMaxConnectionsPerAddress, limits.securityMaxProbes],
    [100, 9, 2],
  );
});
