// Per-address limits behind a real nginx (deploy/nginx.conf): with SP_TRUSTED_PROXIES naming the proxy, the node
// counts the learner's address that nginx forwards, so two learners behind one proxy get a slot each; a client
// that connects to the node directly (an untrusted peer) and sends X-Forwarded-For is counted as its own address.
// nginx connects from 127.0.0.2 (proxy_bind) and learners from other loopback addresses, so the node can tell
// them apart; the limit is one connection per address, so every extra slot shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import { clientAddress, trustedProxyList } from '../../server/client-address.ts';
import { trustedProxiesFromEnv } from '../../server/config.ts';
import { startNginx } from '../helpers/nginx.ts';
import { sparePort } from '../helpers/redis-server.ts';
import { ROOT, spawnNode } from '../helpers/child-node.ts';
import { tinySite } from '../helpers/tiny-site.ts';

const PROXY = '127.0.0.2';

/** A WebSocket client from local address `from`, sending `forwardedFor` if given; rejects with connect_error. */
function open(url: string, from: string, forwardedFor?: string, origin?: string): Promise<Socket> {
  const socket = connect(url, {
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    timeout: 10_000,
    localAddress: from,
    extraHeaders: {
      ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
      ...(origin ? { origin } : {}),
    },
  } as Parameters<typeof connect>[1]);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

test('behind a trusted nginx each learner has a slot; a spoofed X-Forwarded-For gets none', async (t) => {
  const site = tinySite();
  const port = await sparePort();
  const node = spawnNode('server/index.ts', {
    PORT: String(port),
    SP_DIST_DIR: site.dir,
    REDIS_URL: '',
    SP_MAX_CONNECTIONS_PER_ADDRESS: '1',
    SP_TRUSTED_PROXIES: `${PROXY}/32`,
  });
  const sockets: Socket[] = [];
  t.after(async () => {
    for (const s of sockets) s.close();
    await node.stop();
    site.remove();
  });
  const [proxy] = await Promise.all([
    startNginx(t, [port], 'ip_hash', { proxyBind: PROXY }),
    node.waitFor((l) => l.event === 'server.listening', 'server.listening'),
  ]);
  const direct = `http://127.0.0.1:${port}`;
  const overQuota = /Too many connections from one address/;
  const keep = (s: Socket) => (sockets.push(s), s);

  // Directly to the node: the peer is untrusted, so the header it sends is ignored and it is 127.0.0.1.
  keep(await open(direct, '127.0.0.1', '198.51.100.1'));
  await assert.rejects(open(direct, '127.0.0.1', '198.51.100.2'), overQuota);

  // Through nginx: counted as the address nginx saw (127.0.0.1, already holding its slot), not as the spoofed
  // entry the client wrote to the left of it, and not as nginx's own address.
  await assert.rejects(open(proxy, '127.0.0.1', '198.51.100.3'), overQuota);

  // Two learners behind the one proxy: a slot each. Counted as nginx's address, the second would be refused.
  keep(await open(proxy, '127.0.0.3'));
  // (with a browser's Origin: the node's same-origin check needs the Host nginx passes on)
  keep(await open(proxy, '127.0.0.4', undefined, proxy));
  // And each learner is still held to the limit of one.
  await assert.rejects(open(proxy, '127.0.0.3'), overQuota);
});

test('deploy/compose.yaml trusts exactly the nginx container, at the address it gives it', () => {
  const compose = readFileSync(join(ROOT, 'deploy/compose.yaml'), 'utf8');
  const trustedRaw = /^\s*SP_TRUSTED_PROXIES: '?([^'\n]+)'?$/m.exec(compose)?.[1];
  const nginxAddress = /^\s*nginx:\n(?:\s{4,}.*\n)*?\s*ipv4_address: (\S+)$/m.exec(compose)?.[1];
  const subnet = /^\s*- subnet: (\S+)$/m.exec(compose)?.[1];
  assert.ok(trustedRaw && nginxAddress && subnet, 'SP_TRUSTED_PROXIES, nginx ipv4_address and the subnet are set');
  const trusted = trustedProxyList(trustedProxiesFromEnv({ SP_TRUSTED_PROXIES: trustedRaw }));
  assert.equal(clientAddress(nginxAddress, '198.51.100.7', trusted), '198.51.100.7', 'nginx is trusted');
  assert.ok(trustedProxyList([subnet]).check(nginxAddress, 'ipv4'), 'nginx sits in the network it is given');
  // Another container on that network (a node, Redis) is not a proxy and must not be trusted.
  const other = subnet.replace(/\d+\/\d+$/, '20');
  assert.equal(clientAddress(other, '198.51.100.7', trusted), other);
  // The per-address limits were raised only because everyone arrived as nginx: no longer needed.
  assert.doesNotMatch(compose, /^\s*SP_MAX_CONNECTIONS_PER_ADDRESS:/m);
});
