// Socket.IO handshakes from a foreign web page are refused on every Socket.IO server the site runs (the main
// one and the recovery server on its own path), over both transports; the site's own origin, a listed origin
// and clients that send no Origin (Node, curl) get in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { io as connect } from 'socket.io-client';
import { createOriginCheck, parseAllowedOrigins } from '../../server/origin.ts';
import { serveSite } from './http-fixture.ts';

const PATHS = ['/socket.io/', '/recovery.io/'];
const TRANSPORTS = [['websocket'], ['polling']];

/** 'connected' or the connect_error message. */
function tryConnect(url: string, path: string, transports: string[], origin?: string): Promise<string> {
  const s = connect(url, {
    path,
    transports,
    forceNew: true,
    reconnection: false,
    extraHeaders: origin ? { origin } : {},
  });
  return new Promise((resolve) => {
    s.once('connect', () => {
      s.disconnect();
      resolve('connected');
    });
    s.once('connect_error', (err) => {
      s.disconnect();
      resolve(err.message);
    });
  });
}

test('a foreign Origin is refused at the handshake on every Socket.IO path; the own origin is accepted', async (t) => {
  const { url, port } = await serveSite(t);
  for (const path of PATHS) {
    for (const transports of TRANSPORTS) {
      const where = `${path} over ${transports[0]}`;
      assert.notEqual(await tryConnect(url, path, transports, 'https://evil.example'), 'connected', where);
      assert.notEqual(await tryConnect(url, path, transports, `http://127.0.0.1:${port + 1}`), 'connected', where);
      assert.equal(await tryConnect(url, path, transports, `http://127.0.0.1:${port}`), 'connected', where);
      assert.equal(await tryConnect(url, path, transports), 'connected', `${where}, no Origin`);
    }
  }
});

test('SP_ALLOWED_ORIGINS adds origins; others stay refused', async (t) => {
  const { url } = await serveSite(t, { allowedOrigins: parseAllowedOrigins('https://class.example') });
  for (const path of PATHS) {
    assert.equal(await tryConnect(url, path, ['websocket'], 'https://class.example'), 'connected', path);
    assert.notEqual(await tryConnect(url, path, ['websocket'], 'https://evil.example'), 'connected', path);
  }
});

test('parseAllowedOrigins normalises entries and drops what is not an origin', () => {
  assert.deepEqual(parseAllowedOrigins(undefined), []);
  assert.deepEqual(parseAllowedOrigins(''), []);
  assert.deepEqual(parseAllowedOrigins(' https://A.example/path , http://b.example:8080,not a url,, '), [
    'https://a.example',
    'http://b.example:8080',
  ]);
});

test('the origin check: same host as the request, listed origins, or no Origin at all', () => {
  const req = (headers: Record<string, string>) => ({ headers }) as unknown as IncomingMessage;
  const allowed = createOriginCheck(['https://class.example']);
  assert.equal(allowed(req({ host: 'demo.example:4321' })), true);
  assert.equal(allowed(req({ host: 'demo.example:4321', origin: 'http://demo.example:4321' })), true);
  assert.equal(allowed(req({ host: 'Demo.Example:4321', origin: 'https://demo.example:4321' })), true);
  assert.equal(allowed(req({ host: 'demo.example:4321', origin: 'https://class.example' })), true);
  assert.equal(allowed(req({ host: 'demo.example:4321', origin: 'http://demo.example:4322' })), false);
  assert.equal(allowed(req({ host: 'demo.example:4321', origin: 'https://demo.example.evil.example' })), false);
  assert.equal(allowed(req({ host: 'demo.example:4321', origin: 'null' })), false);
  assert.equal(allowed(req({ host: 'demo.example:4321', origin: '//[' })), false);
  assert.equal(allowed(req({ origin: 'http://demo.example:4321' })), false);
});
