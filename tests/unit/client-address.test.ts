// Which address a request is counted as: the TCP peer, unless the peer is a trusted proxy, and then the
// right-most untrusted hop of X-Forwarded-For. A learner must not pick their own address by sending the header.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clientAddress, clientAddressOf, trustedProxyList } from '../../server/client-address.ts';
import { trustedProxiesFromEnv } from '../../server/config.ts';

const proxies = trustedProxyList(['10.0.0.0/8', '127.0.0.1', 'fd00::/8']);

test('a header from an untrusted peer is ignored: the peer is the client', () => {
  assert.equal(clientAddress('203.0.113.9', '198.51.100.1', proxies), '203.0.113.9');
  assert.equal(clientAddress('203.0.113.9', '10.0.0.5, 198.51.100.1', proxies), '203.0.113.9');
  // With no proxies trusted at all (the default), nothing a request says moves its address.
  const none = clientAddressOf([]);
  const req = { socket: { remoteAddress: '127.0.0.1' }, headers: { 'x-forwarded-for': '198.51.100.1' } };
  assert.equal(none(req), '127.0.0.1');
});

test('through a trusted proxy the forwarded address is the client', () => {
  assert.equal(clientAddress('10.1.2.3', '198.51.100.7', proxies), '198.51.100.7');
  const of = clientAddressOf(['10.0.0.0/8']);
  const req = { socket: { remoteAddress: '10.1.2.3' }, headers: { 'x-forwarded-for': '198.51.100.7' } };
  assert.equal(of(req), '198.51.100.7');
});

test('several trusted hops are skipped from the right; what the client wrote to the left is never read', () => {
  // client → 10.9.9.9 (its own proxy, trusted) → 10.0.0.2 → the node; the learner prepended a spoofed value.
  assert.equal(clientAddress('10.0.0.2', '1.1.1.1, 198.51.100.7, 10.9.9.9', proxies), '198.51.100.7');
  // Repeated headers (an array) read as one list, in order.
  assert.equal(clientAddress('10.0.0.2', ['1.1.1.1, 198.51.100.7', '10.9.9.9'], proxies), '198.51.100.7');
  // Every hop trusted: the left-most is the client (a learner inside the proxies' own network).
  assert.equal(clientAddress('10.0.0.2', '10.3.3.3, 10.9.9.9', proxies), '10.3.3.3');
});

test('IPv6 peers and hops, and IPv4-mapped peers, match their rules', () => {
  assert.equal(clientAddress('fd12::1', '2001:db8::42', proxies), '2001:db8::42');
  assert.equal(clientAddress('fd12::1', '2001:db8::42, fd00::9', proxies), '2001:db8::42');
  // A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d; the IPv4 rule must still trust it.
  assert.equal(clientAddress('::ffff:127.0.0.1', '198.51.100.7', proxies), '198.51.100.7');
  assert.equal(clientAddress('::ffff:10.0.0.2', '::ffff:10.4.4.4, 198.51.100.8', proxies), '198.51.100.8');
  // An untrusted IPv6 peer is itself the client.
  assert.equal(clientAddress('2001:db8::1', '198.51.100.7', proxies), '2001:db8::1');
});

test('garbage falls back to the peer and never throws', () => {
  for (const header of ['', ' ', 'nonsense', '198.51.100.7:4444', '[2001:db8::1]', '1.2.3.4, , 10.0.0.9', ',']) {
    assert.equal(clientAddress('10.0.0.2', header, proxies), '10.0.0.2', JSON.stringify(header));
  }
  // Garbage the client wrote left of a real hop is never reached, so it changes nothing.
  assert.equal(clientAddress('10.0.0.2', 'nonsense, 198.51.100.7', proxies), '198.51.100.7');
  assert.equal(clientAddress('10.0.0.2', undefined, proxies), '10.0.0.2');
  assert.equal(clientAddress(undefined, '198.51.100.7', proxies), '?');
  assert.equal(clientAddress('', '198.51.100.7', proxies), '?');
  const of = clientAddressOf(['10.0.0.0/8']);
  assert.equal(of({ socket: {}, headers: { 'x-forwarded-for': '198.51.100.7' } }), '?');
  assert.equal(
    of({ socket: { remoteAddress: '10.0.0.1' }, headers: { 'x-forwarded-for': 'x'.repeat(9000) } }),
    '10.0.0.1',
  );
});

test('SP_TRUSTED_PROXIES: a comma list of addresses and blocks; a bad entry stops the start with one sentence', () => {
  assert.deepEqual(trustedProxiesFromEnv({}), []);
  assert.deepEqual(trustedProxiesFromEnv({ SP_TRUSTED_PROXIES: '' }), []);
  assert.deepEqual(trustedProxiesFromEnv({ SP_TRUSTED_PROXIES: ' 172.16.0.0/12, ::1 ,,10.0.0.1' }), [
    '172.16.0.0/12',
    '::1',
    '10.0.0.1',
  ]);
  for (const bad of ['nginx', '10.0.0.0/33', '10.0.0.0/', '10.0.0.0/8/1', 'fd00::/129', '10.0.0.0/-1', '10.0.0/8']) {
    assert.throws(
      () => trustedProxiesFromEnv({ SP_TRUSTED_PROXIES: `127.0.0.1,${bad}` }),
      new RegExp(`^Error: SP_TRUSTED_PROXIES has "${bad.replace(/[/.]/g, '\\$&')}"`),
    );
  }
  // A /0 trusts a whole family, on purpose; /32 and a bare address are the same single host.
  assert.equal(clientAddress('192.0.2.1', '198.51.100.7', trustedProxyList(['0.0.0.0/0'])), '198.51.100.7');
  assert.equal(clientAddress('192.0.2.2', '198.51.100.7', trustedProxyList(['192.0.2.1/32'])), '192.0.2.2');
});
