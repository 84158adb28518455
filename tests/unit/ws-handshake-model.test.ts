import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { sha1 } from '../../src/widgets/ws-handshake/sha1.ts';
import { checkAccept, describeCheck, header, noteFor, statusCode } from '../../src/widgets/ws-handshake/model.ts';
import type { WsHandshake } from '../../src/contract/index.ts';

test('the fallback SHA-1 agrees with node:crypto on every padding boundary', () => {
  for (const length of [0, 1, 3, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
    const data = randomBytes(length);
    assert.equal(
      Buffer.from(sha1(data)).toString('hex'),
      createHash('sha1').update(data).digest('hex'),
      `length ${length}`,
    );
  }
});

function handshakeFor(key: string, accept: string): WsHandshake {
  return {
    request: {
      startLine: 'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
      headers: [
        ['Upgrade', 'websocket'],
        ['Sec-WebSocket-Key', key],
      ],
      bytes: 0,
    },
    response: {
      startLine: 'HTTP/1.1 101 Switching Protocols',
      headers: [
        ['Upgrade', 'websocket'],
        ['Sec-WebSocket-Accept', accept],
      ],
      bytes: 0,
    },
  };
}

const acceptOf = (key: string) =>
  createHash('sha1')
    .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
    .digest('base64');

test('checkAccept: a fresh key matches the server’s value; one changed character does not', async () => {
  const key = randomBytes(16).toString('base64');
  const hs = handshakeFor(key, acceptOf(key));
  const good = await checkAccept(key, hs);
  assert.equal(good.matches, true);
  assert.equal(good.keyValid, true);
  assert.equal(good.sha1Hex.split(' ').length, 20);
  assert.match(describeCheck(good, key), /^✓ Matches/);
  const edited = (key[0] === 'A' ? 'B' : 'A') + key.slice(1);
  const bad = await checkAccept(edited, hs);
  assert.equal(bad.matches, false);
  assert.match(describeCheck(bad, key), /^✗ Does not match.*You changed the key/);
  const junk = await checkAccept('not a key', hs);
  assert.equal(junk.keyValid, false);
  assert.match(describeCheck(junk, key), /not 16 bytes/);
});

test('checkAccept uses the fallback SHA-1 when WebCrypto is missing, with the same answer', async (t) => {
  const key = randomBytes(16).toString('base64');
  const subtle = Object.getOwnPropertyDescriptor(globalThis.crypto, 'subtle');
  Object.defineProperty(globalThis.crypto, 'subtle', { value: undefined, configurable: true });
  t.after(() => {
    if (subtle) Object.defineProperty(globalThis.crypto, 'subtle', subtle);
    else delete (globalThis.crypto as { subtle?: unknown }).subtle;
  });
  assert.equal(globalThis.crypto.subtle, undefined);
  const result = await checkAccept(key, handshakeFor(key, acceptOf(key)));
  assert.equal(result.matches, true);
});

test('header lookup ignores case; status code and notes read from the head', () => {
  const hs = handshakeFor('k', 'a');
  assert.equal(header(hs.request, 'sec-websocket-key'), 'k');
  assert.equal(header(hs.response, 'SEC-WEBSOCKET-ACCEPT'), 'a');
  assert.equal(header(hs.response, 'x-missing'), undefined);
  assert.equal(statusCode(hs.response), 101);
  assert.equal(statusCode({ startLine: 'garbage', headers: [], bytes: 0 }), 0);
  assert.match(noteFor('Sec-WebSocket-Version') ?? '', /13/);
  assert.equal(noteFor('User-Agent'), undefined);
});
