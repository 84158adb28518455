// The security lab's own Socket.IO Server, with real socket.io-client connections on a random port: the Origin
// check, tokens in the handshake, expiry and reconnection with a fresh token, the per-socket rate limit and
// maxHttpBufferSize. Its middleware must leave the main Server alone.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { io, type Socket } from 'socket.io-client';
import { startTestServer, fakeClock, type TestServer } from '../helpers/demo-server.ts';
import {
  FOREIGN_ORIGIN,
  PRIVATE_NAMESPACE,
  SECURE_PATH,
  type AuthErrorData,
  type IssuedToken,
  type OriginProbeReport,
  type AckResult,
} from '../../src/contract/index.ts';

const clock = fakeClock();
let server: TestServer;
const opened: Socket[] = [];

before(async () => {
  server = await startTestServer({ clock });
});
after(async () => {
  for (const s of opened) s.close();
  await server.close();
});

function client(nsp = '/', opts: Parameters<typeof io>[1] = {}): Socket {
  const socket = io(`${server.url}${nsp === '/' ? '' : nsp}`, {
    path: SECURE_PATH,
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    ...opts,
  });
  opened.push(socket);
  return socket;
}

const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

const refused = (socket: Socket) =>
  new Promise<Error & { data?: AuthErrorData }>((resolve, reject) => {
    socket.once('connect', () => reject(new Error('connected, but should have been refused')));
    socket.once('connect_error', resolve);
  });

function ask<T>(socket: Socket, event: string, payload: unknown): Promise<AckResult<T>> {
  return socket.timeout(3000).emitWithAck(event, payload) as Promise<AckResult<T>>;
}

async function lobby(): Promise<Socket> {
  const socket = client();
  await connected(socket);
  return socket;
}

async function token(name = 'Ada', seconds = 10): Promise<IssuedToken> {
  const res = await ask<IssuedToken>(await lobby(), 'security:token', { name, seconds });
  assert.ok(res.ok, JSON.stringify(res));
  return res.data;
}

function rawGet(
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string; allow?: string }> {
  const { port } = new URL(server.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, body, allow: res.headers['access-control-allow-origin'] as string }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

test('a polling handshake from a foreign Origin gets 403; the same origin gets an open packet', async () => {
  const { host } = new URL(server.url);
  const evil = await rawGet(`${SECURE_PATH}/?EIO=4&transport=polling`, { origin: FOREIGN_ORIGIN });
  assert.equal(evil.status, 403);
  assert.deepEqual(JSON.parse(evil.body), { code: 4, message: `Origin ${FOREIGN_ORIGIN} is not allowed here` });
  assert.equal(evil.allow, undefined);
  const own = await rawGet(`${SECURE_PATH}/?EIO=4&transport=polling`, { origin: `http://${host}` });
  assert.equal(own.status, 200);
  assert.match(own.body, /^0\{"sid":/);
});

test('a WebSocket from a foreign Origin is refused before any Socket.IO packet', async () => {
  const err = await refused(client('/', { extraHeaders: { origin: FOREIGN_ORIGIN } }));
  assert.equal(err.message, 'websocket error');
  const { host } = new URL(server.url);
  await connected(client('/', { extraHeaders: { origin: `http://${host}` } }));
});

test('the probe reports what really came back for the foreign origin and for the page’s own', async () => {
  const res = await ask<OriginProbeReport>(await lobby(), 'security:probe', {});
  assert.ok(res.ok, JSON.stringify(res));
  const [evilPoll, evilWs, ownPoll, ownWs] = res.data.attempts;
  assert.deepEqual(
    [evilPoll?.origin, evilPoll?.transport, evilPoll?.outcome, evilPoll?.status],
    [FOREIGN_ORIGIN, 'polling', 'refused', 403],
  );
  assert.match(evilPoll!.body!, /not allowed/);
  assert.equal(evilPoll!.allowOrigin, null);
  assert.deepEqual(
    [evilWs?.transport, evilWs?.outcome, evilWs?.error, evilWs?.status],
    ['websocket', 'refused', 'websocket error', 400],
  );
  assert.deepEqual([ownPoll?.outcome, ownPoll?.status, ownWs?.outcome], ['accepted', 200, 'accepted']);
  assert.match(ownPoll!.body!, /"sid":"…"/, 'the session id of the accepted handshake is not handed out');
});

test('"/private" refuses a missing, forged or garbled token with connect_error and err.data.code', async () => {
  const missing = await refused(client(PRIVATE_NAMESPACE));
  assert.equal(missing.message, 'No token in the handshake: log in first.');
  assert.deepEqual(missing.data, { code: 'missing-token' });

  const real = await token();
  const forged = real.token.slice(0, -3) + (real.token.endsWith('AAA') ? 'BBB' : 'AAA');
  const bad = await refused(client(PRIVATE_NAMESPACE, { auth: { token: forged } }));
  assert.deepEqual(bad.data, { code: 'bad-signature' });

  const garbled = await refused(client(PRIVATE_NAMESPACE, { auth: { token: { $gt: '' } } }));
  assert.deepEqual(garbled.data, { code: 'malformed-token' });
});

test('a valid token connects and the server greets the socket by the token’s name', async () => {
  const t = await token('Grace', 10);
  const socket = client(PRIVATE_NAMESPACE, { auth: { token: t.token } });
  const welcome = new Promise((resolve) => socket.once('security:welcome', resolve));
  await connected(socket);
  const { securityMaxPayloadBytes, securityEventsPerSecond, securityEventBurst } = server.demo.limits;
  assert.deepEqual(await welcome, {
    name: 'Grace',
    tokenId: t.tokenId,
    expiresAt: t.expiresAt,
    limits: {
      maxPayloadBytes: securityMaxPayloadBytes,
      eventsPerSecond: securityEventsPerSecond,
      eventBurst: securityEventBurst,
    },
  });
});

test('an expired token is refused with its expiry in err.data', async () => {
  const t = await token('Ada', 2);
  clock.advance(2000);
  const err = await refused(client(PRIVATE_NAMESPACE, { auth: { token: t.token } }));
  assert.equal(err.message, 'Token expired: get a fresh one.');
  assert.deepEqual(err.data, { code: 'expired-token', expiredAt: t.expiresAt });
});

test('token lifetimes are bounded by the live limit, and bad payloads change nothing', async () => {
  const socket = await lobby();
  const long = await ask(socket, 'security:token', {
    name: 'Ada',
    seconds: server.demo.limits.securityMaxTokenSeconds + 1,
  });
  assert.equal(long.ok, false);
  assert.equal((await ask(socket, 'security:token', { name: '', seconds: 5 })).ok, false);
  assert.equal((await ask(socket, 'security:probe', { extra: 1 })).ok, false);
});

test('at expiry the server disconnects; an auth function hands a fresh token to the reconnection', async () => {
  const lobbySocket = await lobby();
  const issued: string[] = [];
  const socket = client(PRIVATE_NAMESPACE, {
    auth: (cb: (data: object) => void) => {
      void ask<IssuedToken>(lobbySocket, 'security:token', { name: 'Ada', seconds: 2 }).then((res) => {
        assert.ok(res.ok);
        issued.push(res.data.tokenId);
        cb({ token: res.data.token });
      });
    },
  });
  await connected(socket);
  // Both arrive in one burst: listen for both before waiting for either.
  const expired = new Promise<{ tokenId: string }>((resolve) => socket.once('security:expired', resolve));
  const gone = new Promise((resolve) => socket.once('disconnect', resolve));
  assert.equal((await expired).tokenId, issued[0]);
  assert.equal(await gone, 'io server disconnect', 'the server ended it, so the client will not reconnect by itself');
  const welcome = new Promise<{ tokenId: string }>((resolve) => socket.once('security:welcome', resolve));
  socket.connect();
  assert.equal((await welcome).tokenId, issued[1]);
  assert.notEqual(issued[0], issued[1]);
  socket.close();
});

test('a burst past the per-socket bucket is answered rate-limited; the socket stays connected', async () => {
  const t = await token('Ada', 30);
  const socket = client(PRIVATE_NAMESPACE, { auth: { token: t.token } });
  await connected(socket);
  const burst = server.demo.limits.securityEventBurst;
  const answers = await Promise.all(Array.from({ length: burst + 5 }, (_, n) => ask(socket, 'security:ping', { n })));
  assert.equal(answers.filter((a) => a.ok).length, burst);
  const limited = answers.filter((a) => !a.ok);
  assert.equal(limited.length, 5);
  for (const a of limited) assert.ok(!a.ok && a.code === 'rate-limited');
  assert.ok(socket.connected);
});

test('a message over maxHttpBufferSize closes the connection; one under it is echoed', async () => {
  const t = await token('Ada', 30);
  const max = server.demo.limits.securityMaxPayloadBytes;
  const socket = client(PRIVATE_NAMESPACE, { auth: { token: t.token } });
  await connected(socket);
  const small = await ask<{ bytes: number }>(socket, 'security:echo', { text: 'x'.repeat(max / 2) });
  assert.deepEqual(small, { ok: true, data: { bytes: max / 2 } });
  const gone = new Promise((resolve) => socket.once('disconnect', resolve));
  socket.emit('security:echo', { text: 'x'.repeat(max * 2) });
  assert.equal(await gone, 'transport close');
});

test('over HTTP long-polling, the oversized POST ends the session too: the client sees a transport error', async () => {
  const t = await token('Ada', 30);
  const max = server.demo.limits.securityMaxPayloadBytes;
  const socket = client(PRIVATE_NAMESPACE, { auth: { token: t.token }, transports: ['polling'] });
  await connected(socket);
  const gone = new Promise((resolve) => socket.once('disconnect', resolve));
  socket.emit('security:echo', { text: 'x'.repeat(max * 2) });
  assert.equal(await gone, 'transport error');
});

test('the lab’s middleware stays on its own Server: the main one needs no token', async () => {
  const main = await server.connect();
  assert.ok(main.connected);
});
