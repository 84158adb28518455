// Hostile bytes over raw TCP (node:net) to the whole site on a real port: malformed request lines, headers,
// WebSocket handshakes and frames, Engine.IO and Socket.IO packets. Each must get a 4xx or a clean close, and the
// server must still answer /healthz afterwards. A listener that threw would crash this very process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { guardHttpServer } from '../../server/guard.ts';
import { jsonLogger } from '../../server/log.ts';
import { serveSite } from './http-fixture.ts';

/** What came back: the first status code (if any) and whether the server closed the connection. */
interface Outcome {
  status: number | null;
  closed: boolean;
  bytes: Buffer;
}

/** True when, after its 101 response, the server sent a WebSocket close frame (opcode 8, RFC 6455 §5.5.1). */
function sentCloseFrame(bytes: Buffer): boolean {
  let at = bytes.indexOf('\r\n\r\n') + 4;
  if (at < 4) return false;
  while (at + 2 <= bytes.length) {
    const opcode = bytes[at] & 0x0f;
    let len = bytes[at + 1] & 0x7f;
    let head = 2;
    if (len === 126) [len, head] = [bytes.readUInt16BE(at + 2), 4];
    else if (len === 127) [len, head] = [Number(bytes.readBigUInt64BE(at + 2)), 10];
    if (opcode === 0x8) return true;
    at += head + len;
  }
  return false;
}

/**
 * Writes `chunks` and collects the reply until the server closes, or `settleMs` passes with the socket open.
 * `enough(bytes)`, when given, ends the wait as soon as what arrived already decides the test (a status line, a
 * close frame): a server that keeps an answered connection alive would otherwise cost `settleMs` every time.
 */
function exchange(
  port: number,
  chunks: Array<string | Buffer>,
  settleMs = 1500,
  enough: (bytes: Buffer) => boolean = () => false,
): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1');
    const got: Buffer[] = [];
    const done = (closed: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      const bytes = Buffer.concat(got);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(bytes.subarray(0, 16).toString('latin1'));
      resolve({ status: m ? Number(m[1]) : null, closed, bytes });
    };
    const timer = setTimeout(() => done(false), settleMs);
    socket.on('data', (d: Buffer) => {
      got.push(d);
      if (enough(Buffer.concat(got))) done(false);
    });
    socket.on('close', () => done(true));
    socket.on('error', () => done(true));
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}

const is4xx = (o: Outcome) => o.status !== null && o.status >= 400 && o.status < 500;
/** A whole status line has arrived: the status the 4xx check reads is known. */
const hasStatusLine = (bytes: Buffer) => /^HTTP\/1\.1 \d{3} /.test(bytes.subarray(0, 16).toString('latin1'));

/** A client-to-server WebSocket frame (RFC 6455 §5.2), masked unless `masked` is false. */
function frame(payload: Buffer | string, { opcode = 0x1, masked = true, fin = true } = {}): Buffer {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const len = data.length;
  const head = [((fin ? 0x80 : 0) | opcode) & 0xff];
  const maskBit = masked ? 0x80 : 0;
  if (len < 126) head.push(maskBit | len);
  else if (len < 65536) head.push(maskBit | 126, len >> 8, len & 0xff);
  else head.push(maskBit | 127, 0, 0, 0, 0, (len >>> 24) & 0xff, (len >> 16) & 0xff, (len >> 8) & 0xff, len & 0xff);
  if (!masked) return Buffer.concat([Buffer.from(head), data]);
  const mask = randomBytes(4);
  const body = Buffer.from(data.map((b, i) => b ^ mask[i % 4]));
  return Buffer.concat([Buffer.from(head), mask, body]);
}

const upgrade = (path: string, extra = '') =>
  `GET ${path} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;
const WS = '/socket.io/?EIO=4&transport=websocket';

/** Malformed HTTP: each gets a 4xx. */
const REQUESTS: Array<[string, string | Buffer]> = [
  ['target //[ (new URL throws)', 'GET //[ HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['absolute target http://[', 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['absolute target with port 99999', 'GET http://x:99999/ HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['not HTTP at all', 'HELLO THERE\r\n\r\n'],
  ['binary noise', randomBytes(64)],
  ['NUL in the target', 'GET /\0 HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['space in the target', 'GET /a b HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['header without a colon', 'GET / HTTP/1.1\r\nHost x\r\n\r\n'],
  ['header name with a space', 'GET / HTTP/1.1\r\nBad Name: 1\r\n\r\n'],
  ['CR without LF', 'GET / HTTP/1.1\rHost: x\r\n\r\n'],
  ['headers of 64 KB', `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(64 * 1024)}\r\n\r\n`],
  [
    'Content-Length and Transfer-Encoding both',
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n',
  ],
  ['two Content-Lengths', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab'],
  ['negative Content-Length', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n'],
  [
    'bad chunk size',
    'POST /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
  ],
  ['unknown HTTP version', 'GET / HTTP/7.5\r\nHost: x\r\n\r\n'],
  ['bad percent-encoding', 'GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['traversal', 'GET /../../../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['Engine.IO: unknown sid', 'GET /socket.io/?EIO=4&transport=polling&sid=nope HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['Engine.IO: unknown transport', 'GET /socket.io/?EIO=4&transport=carrier-pigeon HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['Engine.IO: protocol 99', 'GET /socket.io/?EIO=99&transport=polling HTTP/1.1\r\nHost: x\r\n\r\n'],
  ['Engine.IO: websocket without Upgrade', `GET ${WS} HTTP/1.1\r\nHost: x\r\n\r\n`],
  ['recovery server: unknown sid', 'GET /recovery.io/?EIO=4&transport=polling&sid=nope HTTP/1.1\r\nHost: x\r\n\r\n'],
  [
    'Engine.IO: polling POST without a session',
    'POST /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n40',
  ],
  ['upgrade to //[', upgrade('//[')],
  ['upgrade with WebSocket version 99', upgrade(WS).replace('Version: 13', 'Version: 99')],
  ['upgrade without a key', upgrade(WS).replace(/Sec-WebSocket-Key: .*\r\n/, '')],
  ['upgrade from a foreign Origin', upgrade(WS, 'Origin: https://evil.example\r\n')],
  [
    'recovery upgrade from a foreign Origin',
    upgrade('/recovery.io/?EIO=4&transport=websocket', 'Origin: https://evil.example\r\n'),
  ],
];

test('a corpus of malformed requests, headers and handshakes each gets a 4xx, and /healthz still answers', async (t) => {
  const { port, url } = await serveSite(t);
  for (const [name, bytes] of REQUESTS) {
    const outcome = await exchange(port, [bytes], 1500, hasStatusLine);
    assert.ok(
      is4xx(outcome),
      `${name}: expected a 4xx, got ${outcome.status ?? 'no status'} (closed: ${outcome.closed})`,
    );
  }
  const health = await fetch(url + '/healthz');
  assert.equal(health.status, 200);
  assert.equal((await health.json()).ok, true);
});

/** Bad frames after a real WebSocket handshake: the server closes that connection (a close frame or TCP). */
const FRAMES: Array<[string, Buffer[]]> = [
  ['an unmasked client frame', [frame('4hello', { masked: false })]],
  ['a reserved opcode', [frame('x', { opcode: 0x3 })]],
  ['a fragmented control frame', [frame('', { opcode: 0x9, fin: false })]],
  ['text that is not UTF-8', [frame(Buffer.from([0x34, 0xff, 0xfe]))]],
  ['a frame above maxHttpBufferSize', [frame('4' + 'x'.repeat(70_000))]],
  ['an unknown Engine.IO packet type', [frame('9whatever')]],
  ['a client ping (EIO 4 pings come from the server)', [frame('2')]],
  ['a Socket.IO packet with broken JSON', [frame('40'), frame('42["lab:create",')]],
  ['a Socket.IO packet of an unknown type', [frame('49[]')]],
  ['an event before connecting to the namespace', [frame('42["lab:create",{}]')]],
  [
    'a binary event with a missing attachment',
    [
      frame('40'),
      frame('451-["x",{"_placeholder":true,"num":7}]'),
      frame(Buffer.from([1]), { opcode: 0x2 }),
      frame(Buffer.from([2]), { opcode: 0x2 }),
    ],
  ],
];

test('malformed WebSocket frames and Engine.IO/Socket.IO packets close that connection cleanly', async (t) => {
  const { port, url } = await serveSite(t);
  for (const [name, frames] of FRAMES) {
    const outcome = await exchange(port, [upgrade(WS), ...frames], 2000, sentCloseFrame);
    assert.equal(outcome.status, 101, `${name}: the handshake itself is fine`);
    assert.ok(outcome.closed || sentCloseFrame(outcome.bytes), `${name}: expected the server to close it`);
  }
  // A well-formed connection still works after all that, on both Socket.IO servers.
  for (const path of ['/socket.io/', '/recovery.io/']) {
    const open = await fetch(`${url}${path}?EIO=4&transport=polling`);
    assert.equal(open.status, 200, path);
    assert.match(await open.text(), /^0\{"sid":/);
  }
  assert.equal((await fetch(url + '/healthz')).status, 200);
});

test('an exception inside a listener is logged as one JSON line, answered 500, and the server keeps serving', async (t) => {
  // A listener that throws stands in for any bug behind the guard.
  const server = createServer((req, res) => {
    if (req.url === '/boom') throw new Error('kaboom');
    res.end('fine');
  });
  server.on('upgrade', () => {
    throw new Error('upgrade kaboom');
  });
  const lines: string[] = [];
  guardHttpServer(server, { logger: jsonLogger((line) => lines.push(line)), allowOrigin: () => true });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.after(() => new Promise<void>((r) => server.close(() => r())));
  const port = (server.address() as AddressInfo).port;

  const boom = await exchange(port, ['GET /boom HTTP/1.1\r\nHost: x\r\n\r\n'], 1500, hasStatusLine);
  assert.equal(boom.status, 500);
  const up = await exchange(port, [upgrade('/x')]);
  assert.equal(up.status, 500);
  assert.ok(up.closed);
  assert.equal(lines.length, 2);
  const [first, second] = lines.map((l) => JSON.parse(l));
  assert.deepEqual(
    [first.level, first.event, first.kind, first.error],
    ['error', 'http.listener_failed', 'request', 'kaboom'],
  );
  assert.equal(first.target, '/boom');
  assert.deepEqual([second.kind, second.error], ['upgrade', 'upgrade kaboom']);
  const after = await fetch(`http://127.0.0.1:${port}/ok`);
  assert.equal(await after.text(), 'fine');
});
