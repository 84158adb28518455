// The client address every per-address limit reads (socket.handshake.address) is the one client-address.ts
// decides: with the test's own address trusted as a proxy, two clients sending different X-Forwarded-For are two
// learners (each has its own lab-creation quota); without it, the header changes nothing. Both transports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, startTestServer } from '../helpers/demo-server.ts';

const LIMITS = { labsPerAddressPerWindow: 1 };
const asLearner = (address: string, transport: 'websocket' | 'polling') => ({
  transports: [transport],
  extraHeaders: { 'x-forwarded-for': address },
});

for (const transport of ['websocket', 'polling'] as const) {
  test(`${transport}: behind a trusted proxy each forwarded address has its own quota`, async (t) => {
    const server = await startTestServer({ limits: LIMITS, trustedProxies: ['127.0.0.1', '::ffff:127.0.0.1'] });
    t.after(() => server.close());
    const ada = await server.connect(asLearner('198.51.100.1', transport));
    const bo = await server.connect(asLearner('198.51.100.2', transport));
    const addressOf = (id: string | undefined) => server.demo.io.of('/').sockets.get(id!)?.handshake.address;
    assert.deepEqual([addressOf(ada.id), addressOf(bo.id)], ['198.51.100.1', '198.51.100.2']);
    const create = (s: typeof ada) => ask(s, 'lab:create', { kind: 'emit-sequence', name: 'x' });
    assert.equal((await create(ada)).ok, true);
    assert.equal((await create(bo)).ok, true, 'another learner behind the same proxy');
    // Ada again, from a second socket: her own quota is used up.
    const again = await create(await server.connect(asLearner('198.51.100.1', transport)));
    assert.equal(again.ok, false);
  });

  test(`${transport}: with no trusted proxy the header is ignored and the peer is the client`, async (t) => {
    const server = await startTestServer({ limits: LIMITS });
    t.after(() => server.close());
    const ada = await server.connect(asLearner('198.51.100.1', transport));
    const bo = await server.connect(asLearner('198.51.100.2', transport));
    const address = server.demo.io.of('/').sockets.get(bo.id!)?.handshake.address;
    assert.match(address ?? '', /127\.0\.0\.1$/);
    assert.equal((await ask(ada, 'lab:create', { kind: 'emit-sequence', name: 'x' })).ok, true);
    const spoofed = await ask(bo, 'lab:create', { kind: 'emit-sequence', name: 'x' });
    assert.equal(spoofed.ok, false, 'a spoofed header does not buy a second quota');
  });
}
