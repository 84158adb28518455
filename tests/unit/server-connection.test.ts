import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ask, startTestServer } from '../helpers/demo-server.ts';
import { createDemoServer } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import type { Feature } from '../../server/feature.ts';

test('conn:info reports the real 4-tuple: the client port is the one the client socket really uses', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const a = await server.connect();
  const b = await server.connect();
  const infoA = await ask<{
    client: { port: number; address: string };
    server: { port: number };
    transport: string;
    request: { headers: Record<string, string> };
  }>(a, 'conn:info', {});
  const infoB = await ask<{ client: { port: number } }>(b, 'conn:info', {});
  assert.ok(infoA.ok && infoB.ok);
  if (!infoA.ok || !infoB.ok) return;
  assert.equal(infoA.data.server.port, Number(new URL(server.url).port));
  assert.notEqual(infoA.data.client.port, infoB.data.client.port, 'two connections, two ephemeral ports');
  assert.match(infoA.data.client.address, /127\.0\.0\.1/);
  assert.equal(infoA.data.transport, 'websocket');
  assert.equal(infoA.data.request.headers.upgrade, 'websocket');
});

test('feature routes are served; other paths fall through', async (t) => {
  const feature: Feature = {
    name: 'route-test',
    connection() {},
    routes: () => [{ method: 'GET', path: '/api/ping', handle: (_req, res) => void res.end('pong') }],
  };
  const http = createServer((req, res) => {
    if (!demo.http(req, res)) res.writeHead(418).end();
  });
  const demo = createDemoServer(http, { logger: silentLogger, features: [feature] });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  t.after(async () => {
    await demo.close();
    http.close();
  });
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  assert.equal(await (await fetch(`${base}/api/ping`)).text(), 'pong');
  assert.equal((await fetch(`${base}/api/other`)).status, 418);
});
