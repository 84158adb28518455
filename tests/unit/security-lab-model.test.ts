// The security lab widget's pure parts: probe rows, the handshake log and renewals, the burst tally, packet
// sizes, and the layers an observer reads with ws:// and wss://.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  attemptStarted,
  connected,
  describeAttempt,
  disconnected,
  echoPacketBytes,
  expired,
  initialAuth,
  probeRows,
  refused,
  secondsLeft,
  sizeVerdict,
  tallyBurst,
  tokenIssued,
} from '../../src/widgets/security-lab/model.ts';
import { observerView, websocketHeaderBytes, wrapPacket } from '../../src/widgets/security-lab/layers.ts';

const EVIL = 'https://evil.example';

test('probe rows say what came back, and a WebSocket answer has no CORS header to show', () => {
  const rows = probeRows(
    {
      pageOrigin: null,
      attempts: [
        { origin: EVIL, transport: 'polling', outcome: 'refused', status: 403, body: '{"code":4}', allowOrigin: null },
        {
          origin: EVIL,
          transport: 'websocket',
          outcome: 'refused',
          error: 'websocket error',
          description: 'Unexpected server response: 400',
          status: 400,
        },
        { origin: 'http://127.0.0.1:4321', transport: 'websocket', outcome: 'accepted' },
      ],
    },
    EVIL,
  );
  assert.deepEqual(
    rows.map((r) => [r.foreign, r.answer, r.cors]),
    [
      [true, 'HTTP 403 · {"code":4}', 'none'],
      [true, 'connect_error: "websocket error" (Unexpected server response: 400)', 'not used'],
      [false, 'connected (then closed by the probe)', 'not used'],
    ],
  );
});

test('an expiry followed by a welcome counts as a renewal; a refusal after it does not', () => {
  let s = tokenIssued(initialAuth(), 't1', 10_000);
  s = attemptStarted(s, 't1');
  s = connected(s, { tokenId: 't1', expiresAt: 10_000 });
  assert.equal(s.status, 'connected');
  assert.equal(secondsLeft(s, 7_100), 3);
  s = expired(s);
  s = disconnected(s);
  assert.equal(secondsLeft(s, 7_100), undefined);
  s = attemptStarted(tokenIssued(s, 't2', 20_000), 't2');
  s = connected(s, { tokenId: 't2', expiresAt: 20_000 });
  assert.deepEqual([s.renewals, s.expiries, s.tokensIssued, s.lastTokenId], [1, 1, 2, 't2']);

  s = disconnected(expired(s));
  s = refused(attemptStarted(s, 't2'), 'Token expired: get a fresh one.', 'expired-token');
  assert.deepEqual([s.status, s.renewals, s.awaitingRenewal], ['refused', 1, false]);
  assert.equal(
    describeAttempt(s.attempts.at(-1)!),
    'Handshake 3 with token t2: connect_error "Token expired: get a fresh one." (err.data.code "expired-token").',
  );
  assert.equal(
    describeAttempt({ n: 1, token: 'none', outcome: 'connected' }),
    'Handshake 1 with no token: the middleware called next(); connected.',
  );
});

test('the burst tally separates ok, rate-limited and unanswered', () => {
  const t = tallyBurst([
    { ok: true, data: {} },
    { ok: false, error: 'x', code: 'rate-limited' },
    { ok: false, error: 'No answer', code: 'timeout' },
    { ok: false, error: 'bad', code: 'invalid-payload' },
    { ok: true, data: {} },
  ]);
  assert.deepEqual(t, { sent: 5, ok: 2, limited: 1, other: 2 });
});

test('an echo’s packet size is the Engine.IO text the client writes, compared with the limit', () => {
  assert.equal(echoPacketBytes('hi'), Buffer.byteLength('42/private,1["security:echo",{"text":"hi"}]'));
  assert.equal(echoPacketBytes('é'), Buffer.byteLength('42/private,1["security:echo",{"text":"é"}]'));
  assert.equal(sizeVerdict(1024, 1024), 'fits');
  assert.equal(sizeVerdict(1025, 1024), 'too-big');
});

test('WebSocket header sizes follow RFC 6455 §5.2 at the 125/126 and 65535/65536 edges', () => {
  assert.deepEqual(
    [125, 126, 65_535, 65_536].map((n) => websocketHeaderBytes(n)),
    [6, 8, 8, 14],
  );
  assert.equal(websocketHeaderBytes(10, false), 2, 'server frames are not masked');
});

test('layers wrap the real packet; TLS adds its record only with wss://, and is marked illustrative', () => {
  const packet = '42/private,1["security:echo",{"text":"hi"}]';
  const n = Buffer.byteLength(packet);
  const ws = wrapPacket(packet, 'ws');
  assert.deepEqual(
    ws.map((l) => l.id),
    ['socketio', 'engineio', 'websocket', 'tcp', 'ip'],
  );
  assert.deepEqual(
    ws.map((l) => l.total),
    [n - 1, n, n + 6, n + 6 + 32, n + 6 + 32 + 20],
  );
  const wss = wrapPacket(packet, 'wss');
  const tls = wss.find((l) => l.id === 'tls')!;
  assert.deepEqual([tls.total, tls.real], [n + 6 + 22, false]);
  assert.equal(wss.at(-1)!.total, n + 6 + 22 + 32 + 20);
  assert.ok(ws.filter((l) => l.real).every((l) => ['socketio', 'engineio', 'websocket'].includes(l.id)));
});

test('an observer reads everything with ws://, only headers below the TLS record with wss://', () => {
  const seen = (scheme: 'ws' | 'wss') => Object.fromEntries(observerView(scheme).map((v) => [v.layer, v.visible]));
  assert.deepEqual(seen('ws'), { socketio: 'all', engineio: 'all', websocket: 'all', tcp: 'header', ip: 'header' });
  assert.deepEqual(seen('wss'), {
    socketio: 'nothing',
    engineio: 'nothing',
    websocket: 'nothing',
    tls: 'header',
    tcp: 'header',
    ip: 'header',
  });
});
