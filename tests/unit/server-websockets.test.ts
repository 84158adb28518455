import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect } from 'socket.io-client';
import { createDemoServer, type DemoServerOptions } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { ask, fakeClock, next, type TestSocket } from '../helpers/demo-server.ts';
import type { TickerPollResponse, TickerState, TickerUpdate, WsHandshake } from '../../src/contract/index.ts';

/** The demo server with its HTTP routes wired (as server/index.ts does), on a random port. */
async function serve(t: { after(fn: () => Promise<void>): void }, options: DemoServerOptions = {}) {
  const http = createServer((req, res) => {
    if (!demo.http(req, res)) res.writeHead(404).end();
  });
  const demo = createDemoServer(http, { logger: silentLogger, ...options });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sockets: TestSocket[] = [];
  t.after(async () => {
    for (const s of sockets) s.disconnect();
    await demo.close();
    http.closeAllConnections();
    await new Promise<void>((r) => http.close(() => r()));
  });
  const open = async (opts: Record<string, unknown> = {}) => {
    const s: TestSocket = connect(url, { forceNew: true, transports: ['websocket'], reconnection: false, ...opts });
    sockets.push(s);
    await new Promise<void>((resolve, reject) => {
      s.once('connect', () => resolve());
      s.once('connect_error', reject);
    });
    return s;
  };
  return { url, demo, open };
}

const FAST = { tickerMinMs: 20, tickerMaxMs: 40, longPollTimeoutMs: 300 };

async function labWithTicker(s: TestSocket) {
  const lab = await ask<{ labId: string }>(s, 'lab:create', { kind: 'polling-vs-push', name: 'You' });
  assert.ok(lab.ok);
  const started = await ask<TickerState>(s, 'ticker:start', {});
  assert.ok(started.ok);
  return lab.ok ? lab.data.labId : '';
}

test('ws:handshake returns the real upgrade request and the 101 response the server wrote', async (t) => {
  const { open } = await serve(t);
  const s = await open();
  const res = await ask<WsHandshake>(s, 'ws:handshake', {});
  assert.ok(res.ok);
  if (!res.ok) return;
  const { request, response } = res.data;
  assert.match(request.startLine, /^GET \/socket\.io\/\?EIO=4&transport=websocket HTTP\/1\.1$/);
  const req = new Map(request.headers.map(([k, v]) => [k.toLowerCase(), v]));
  assert.equal(req.get('upgrade')?.toLowerCase(), 'websocket');
  assert.equal(req.get('sec-websocket-version'), '13');
  const key = req.get('sec-websocket-key')!;
  assert.match(key, /^[A-Za-z0-9+/]{22}==$/);
  assert.equal(response.startLine, 'HTTP/1.1 101 Switching Protocols');
  const resp = new Map(response.headers.map(([k, v]) => [k.toLowerCase(), v]));
  assert.equal(resp.get('upgrade'), 'websocket');
  assert.equal(resp.get('connection'), 'Upgrade');
  // RFC 6455 §4.2.2, computed independently of src/lib/protocol/ws-accept.ts.
  const expected = createHash('sha1')
    .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
    .digest('base64');
  assert.equal(resp.get('sec-websocket-accept'), expected);
  const lines = [response.startLine, ...response.headers.map(([k, v]) => `${k}: ${v}`)];
  assert.equal(response.bytes, Buffer.byteLength(lines.join('\r\n') + '\r\n\r\n'), 'head size counts every CRLF');
});

test('ws:handshake on a polling connection says there was no WebSocket handshake', async (t) => {
  const { open } = await serve(t);
  const s = await open({ transports: ['polling'] });
  const res = await ask(s, 'ws:handshake', {});
  assert.equal(res.ok, false);
  assert.match(!res.ok ? res.error : '', /polling, not a WebSocket/);
  assert.equal((await ask(s, 'ws:handshake', { extra: 1 })).ok, false, 'payload validated');
});

test('ticker: pushed updates and short polls see the same numbered stream', async (t) => {
  const { url, open } = await serve(t, { limits: FAST });
  const s = await open();
  const labId = await labWithTicker(s);
  const first = await next<TickerUpdate>(s, 'ticker:update');
  const second = await next<TickerUpdate>(s, 'ticker:update');
  assert.equal(second.seq, first.seq + 1);
  const r = await fetch(`${url}/api/ticker/poll?lab=${labId}&after=0`);
  assert.equal(r.status, 200);
  const body = (await r.json()) as TickerPollResponse;
  assert.ok(
    body.updates.some((u) => u.seq === first.seq && u.at === first.at),
    'the polled copy is the pushed one',
  );
  assert.equal(body.heldMs, 0);
  assert.ok(body.requestHeaderBytes > 40, `request head ${body.requestHeaderBytes} B`);
  assert.ok(body.responseHeaderBytes > 60, `response head ${body.responseHeaderBytes} B`);
  // The reported response head size is the head the client really got.
  const head = [`HTTP/1.1 ${r.status} OK`, ...[...r.headers].map(([k, v]) => `${k}: ${v}`)].join('\r\n') + '\r\n\r\n';
  assert.ok(Math.abs(Buffer.byteLength(head) - body.responseHeaderBytes) <= 8, 'header names differ only in case');
});

test('ticker: a long poll is held until the next update, or answered empty at the timeout', async (t) => {
  const { url, open } = await serve(t, { limits: { ...FAST, tickerMinMs: 5000, tickerMaxMs: 5000 } });
  const s = await open();
  const labId = await labWithTicker(s);
  const t0 = Date.now();
  const body = (await (await fetch(`${url}/api/ticker/long?lab=${labId}&after=0`)).json()) as TickerPollResponse;
  assert.deepEqual(body.updates, [], 'no update within the timeout: an empty answer');
  assert.ok(Date.now() - t0 >= 280 && body.heldMs >= 280, `held ${body.heldMs} ms`);
});

test('ticker: a held long poll is answered as soon as an update exists', async (t) => {
  // Updates 400 ms apart: the poll for "after the first" reaches the server well before the second exists.
  const { url, open } = await serve(t, {
    limits: { ...FAST, tickerMinMs: 400, tickerMaxMs: 400, longPollTimeoutMs: 5000 },
  });
  const s = await open();
  const labId = await labWithTicker(s);
  const first = await next<TickerUpdate>(s, 'ticker:update');
  const pushed = next<TickerUpdate>(s, 'ticker:update');
  const body = (await (
    await fetch(`${url}/api/ticker/long?lab=${labId}&after=${first.seq}`)
  ).json()) as TickerPollResponse;
  const second = await pushed;
  assert.deepEqual(body.updates, [second], 'the held poll carries exactly the update that was pushed');
  assert.ok(
    body.heldMs > 0 && body.heldMs < 3000,
    `held ${body.heldMs} ms, answered by the update, not the 5 s timeout`,
  );
});

test('polling routes validate their query, find only running tickers, and cap held polls', async (t) => {
  const { url, open } = await serve(t, {
    limits: { ...FAST, tickerMinMs: 5000, tickerMaxMs: 5000, longPollTimeoutMs: 2000, maxHeldPollsPerLab: 2 },
  });
  const s = await open();
  const labId = await labWithTicker(s);
  for (const q of [
    '',
    `lab=${labId}`,
    `lab=${labId}&after=-1`,
    `lab=${labId}&after=x`,
    `lab=bad&after=0`,
    `lab=${labId}&after=0&evil=1`,
  ]) {
    const r = await fetch(`${url}/api/ticker/poll?${q}`);
    assert.equal(r.status, 400, q);
    assert.equal(((await r.json()) as { ok: boolean }).ok, false);
  }
  assert.equal((await fetch(`${url}/api/ticker/poll?lab=AAAAAAAA&after=0`)).status, 404);
  const controller = new AbortController();
  const held = [1, 2].map(() =>
    fetch(`${url}/api/ticker/long?lab=${labId}&after=0`, { signal: controller.signal }).catch(() => undefined),
  );
  // The two held polls are registered before the third request arrives (same connection order is not promised,
  // so poll until the server refuses).
  let status = 0;
  for (let i = 0; i < 50 && status !== 429; i++) {
    const ac = new AbortController();
    const timer = setTimeout(() => ac.abort(), 50);
    status = await fetch(`${url}/api/ticker/long?lab=${labId}&after=0`, { signal: ac.signal }).then(
      (r) => r.status,
      () => 0,
    );
    clearTimeout(timer);
  }
  assert.equal(status, 429, 'a third held poll in the lab is refused');
  controller.abort();
  await Promise.all(held);
});

test('per-lab poll rate limit answers 429', async (t) => {
  const clock = fakeClock(); // the bucket refills only when the test says so
  const { url, open } = await serve(t, { clock, limits: { ...FAST, pollsPerSecondPerLab: 1, pollBurstPerLab: 3 } });
  const s = await open();
  const labId = await labWithTicker(s);
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await fetch(`${url}/api/ticker/poll?lab=${labId}&after=0`)).status);
  assert.deepEqual(statuses, [200, 200, 200, 429, 429]);
  clock.advance(1000);
  assert.equal((await fetch(`${url}/api/ticker/poll?lab=${labId}&after=0`)).status, 200, 'one more a second later');
});

test('the ticker stops when its lab empties, and ticker:start needs a lab', async (t) => {
  const { url, open } = await serve(t, { limits: FAST });
  const lone = await open();
  assert.equal((await ask(lone, 'ticker:start', {})).ok, false);
  const s = await open();
  const labId = await labWithTicker(s);
  await next(s, 'ticker:update');
  s.disconnect();
  let status = 200;
  for (let i = 0; i < 40 && status === 200; i++) {
    await new Promise((r) => setTimeout(r, 25));
    status = (await fetch(`${url}/api/ticker/poll?lab=${labId}&after=0`)).status;
  }
  assert.equal(status, 404, 'no ticker left behind');
});

test('the polling limits can be raised from the environment like every other limit', async () => {
  const { limitsFromEnv, DEFAULT_LIMITS } = await import('../../server/config.ts');
  const limits = limitsFromEnv({
    SP_LONG_POLL_TIMEOUT_MS: '5000',
    SP_MAX_HELD_POLLS_PER_LAB: '100',
    SP_POLLS_PER_SECOND_PER_LAB: '200',
    SP_TICKER_MIN_MS: '100',
  });
  assert.deepEqual(
    [limits.longPollTimeoutMs, limits.maxHeldPollsPerLab, limits.pollsPerSecondPerLab, limits.tickerMinMs],
    [5000, 100, 200, 100],
  );
  assert.equal(limits.tickerMaxMs, DEFAULT_LIMITS.tickerMaxMs);
  assert.ok(DEFAULT_LIMITS.tickerMinMs <= DEFAULT_LIMITS.tickerMaxMs);
});
