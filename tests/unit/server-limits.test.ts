import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from '../../server/rate-limit.ts';
import { DEFAULT_LIMITS, limitsFromEnv } from '../../server/config.ts';
import { ask, fakeClock, startTestServer } from '../helpers/demo-server.ts';

test('token bucket: burst, then refill at the configured rate', () => {
  const clock = fakeClock();
  const bucket = new TokenBucket(10, 3, clock);
  assert.deepEqual([bucket.take(), bucket.take(), bucket.take(), bucket.take()], [true, true, true, false]);
  clock.advance(100); // 10/s → one token per 100 ms
  assert.equal(bucket.take(), true);
  assert.equal(bucket.take(), false);
  clock.advance(10_000);
  assert.equal([1, 2, 3, 4].filter(() => bucket.take()).length, 3, 'never more than the burst');
});

test('limits come from one place and can be raised from the environment', () => {
  assert.equal(limitsFromEnv({}).maxLabs, DEFAULT_LIMITS.maxLabs);
  assert.equal(limitsFromEnv({ SP_MAX_LABS: '50' }).maxLabs, 50);
  assert.throws(() => limitsFromEnv({ SP_MAX_LABS: 'lots' }), /SP_MAX_LABS must be a positive whole number/);
  assert.ok(DEFAULT_LIMITS.maxPayloadBytes < 1_000_000, 'far below the 1 MB Socket.IO default');
});

test('events over the rate limit are refused with an error; the socket stays usable', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: { eventsPerSecond: 5, eventBurst: 5 } });
  t.after(() => server.close());
  const s = await server.connect();
  const lab = await ask(s, 'lab:create', { kind: 'k', name: 'A' }); // 1 token
  assert.ok(lab.ok);
  const results = [];
  for (let i = 0; i < 6; i++) results.push(await ask(s, 'emit:send', { variant: 'server', text: `m${i}` }));
  assert.deepEqual(
    results.map((r) => r.ok),
    [true, true, true, true, false, false],
  );
  assert.match(!results[5]!.ok ? results[5]!.error : '', /Too many events: at most 5 a second/);
  clock.advance(1000);
  const after = await ask(s, 'emit:send', { variant: 'server', text: 'later' });
  assert.equal(after.ok, true, 'usable again once tokens refill');
  assert.equal(s.connected, true);
});

test('a packet over maxPayloadBytes closes only that connection; the server and others carry on', async (t) => {
  const server = await startTestServer({ limits: { maxPayloadBytes: 1024 } });
  t.after(() => server.close());
  const big = await server.connect();
  const other = await server.connect();
  const closed = new Promise<string>((resolve) => big.once('disconnect', (reason) => resolve(reason)));
  big.emit('emit:send', { variant: 'all', text: 'x'.repeat(5000) }, () => {});
  assert.equal(await closed, 'transport close');
  const res = await ask(other, 'lab:create', { kind: 'k', name: 'B' });
  assert.equal(res.ok, true);
});

test('GET /healthz-style numbers count sockets and labs', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const s = await server.connect();
  await ask(s, 'lab:create', { kind: 'k', name: 'A' });
  const h = server.demo.health();
  assert.equal(h.ok, true);
  assert.equal(h.sockets, 1);
  assert.equal(h.labs, 1);
  assert.ok(h.memoryMB > 0);
});
