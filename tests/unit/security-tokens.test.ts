// The security lab's pure parts: tokens (issue, verify, expiry on the injected clock) and the Origin check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../server/clock.ts';
import { createTokenIssuer } from '../../server/features/security-tokens.ts';
import { originGate } from '../../server/features/security-origin.ts';

test('a token verifies until its expiry, and not from that instant on', () => {
  const clock = new ManualClock(5_000);
  const issuer = createTokenIssuer(clock);
  const { token, claims } = issuer.issue('Ada', 3);
  assert.deepEqual(claims, { sub: 'Ada', jti: 't1', iat: 5_000, exp: 8_000 });
  assert.deepEqual(issuer.verify(token), { ok: true, claims });
  clock.set(7_999);
  assert.equal(issuer.verify(token).ok, true);
  clock.set(8_000);
  assert.deepEqual(issuer.verify(token), {
    ok: false,
    code: 'expired-token',
    message: 'Token expired: get a fresh one.',
    expiredAt: 8_000,
  });
});

test('another server’s token, an edited one and junk are each refused with their own code', () => {
  const clock = new ManualClock(0);
  const a = createTokenIssuer(clock);
  const b = createTokenIssuer(clock);
  const { token } = a.issue('Ada', 10);
  const code = (t: unknown) => {
    const v = a.verify(t);
    return v.ok ? 'ok' : v.code;
  };
  assert.equal(code(b.issue('Ada', 10).token), 'bad-signature');
  const [p, body, sig] = token.split('.');
  const edited = Buffer.from(JSON.stringify({ sub: 'Admin', jti: 't1', iat: 0, exp: 1e15 })).toString('base64url');
  assert.equal(code(`${p}.${edited}.${sig}`), 'bad-signature', 'changing the claims breaks the signature');
  assert.equal(code(undefined), 'missing-token');
  assert.equal(code(''), 'missing-token');
  assert.equal(code(42), 'malformed-token');
  assert.equal(code('a.b'), 'malformed-token');
  assert.equal(code(`${p}.${body}.${sig}.x`), 'malformed-token');
  assert.equal(code('x'.repeat(10_000)), 'malformed-token');
  assert.equal(code(token), 'ok');
});

test('Origin: the server’s own host and listed origins pass; others and non-origins do not', () => {
  const gate = originGate({});
  assert.equal(gate.allows('http://127.0.0.1:4321', '127.0.0.1:4321'), true);
  assert.equal(gate.allows('https://course.example', 'course.example'), true);
  assert.equal(gate.allows('https://evil.example', '127.0.0.1:4321'), false);
  assert.equal(gate.allows('null', '127.0.0.1:4321'), false, 'sandboxed pages send "null"');
  assert.equal(gate.allows('http://127.0.0.1:4321.evil.example', '127.0.0.1:4321'), false);
  assert.equal(gate.allows(undefined, '127.0.0.1:4321'), true, 'not a browser: Origin cannot tell');
  const listed = originGate({ SP_ALLOWED_ORIGINS: ' https://evil.example, ,https://b.example' });
  assert.deepEqual(listed.allowed, ['https://evil.example', 'https://b.example']);
  assert.equal(listed.allows('https://evil.example', '127.0.0.1:4321'), true);
});
