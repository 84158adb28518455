import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { computeWebSocketAccept, isValidWebSocketKey } from '../../src/lib/protocol/ws-accept.ts';

test('RFC 6455 §1.3 example key', async () => {
  assert.equal(await computeWebSocketAccept('dGhlIHNhbXBsZSBub25jZQ=='), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
});

test('matches node:crypto for random keys', async () => {
  for (let i = 0; i < 20; i++) {
    const key = randomBytes(16).toString('base64');
    const want = createHash('sha1')
      .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
      .digest('base64');
    assert.equal(await computeWebSocketAccept(key), want);
    assert.equal(isValidWebSocketKey(key), true);
  }
});

test('isValidWebSocketKey wants base64 of exactly 16 bytes', () => {
  assert.equal(isValidWebSocketKey('dGhlIHNhbXBsZSBub25jZQ=='), true);
  for (const bad of [
    '',
    'dGhlIHNhbXBsZSBub25jZQ',
    'dGhlIHNhbXBsZSBub25jZQ=',
    'dGhlIHNhbXBsZSBub25jZQ===',
    'dGhlIHNhbXBsZSBub25jZS1=',
    'dGhl IHNhbXBsZSBub25jZQ==',
    'AAAAAAAAAAAAAAAAAAAAAAAA',
    'dGhlIHNhbXBsZSBub25jZQ==x',
    '!GhlIHNhbXBsZSBub25jZQ==',
    null,
    16,
  ]) {
    assert.equal(isValidWebSocketKey(bad as string), false, String(bad));
  }
});
