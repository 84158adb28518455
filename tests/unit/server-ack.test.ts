import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, collect, settle, startTestServer } from '../helpers/demo-server.ts';
import { RunCounter } from '../../server/features/ack.ts';
import { limitsFromEnv } from '../../server/config.ts';

async function inLab(t: { after(fn: () => Promise<void>): void }, limits = {}) {
  const server = await startTestServer({ limits });
  t.after(() => server.close());
  const socket = await server.connect();
  const lab = await ask<{ labId: string }>(socket, 'lab:create', { kind: 'ack-lab', name: 'Alice' });
  return { server, socket, labId: lab.ok ? lab.data.labId : '' };
}

test('RunCounter counts runs per job and lab, and stays bounded', () => {
  const live = new Set(['a', 'b']);
  const c = new RunCounter(2, (id) => live.has(id));
  assert.equal(c.count('a', 'j1'), 1);
  assert.equal(c.count('a', 'j1'), 2);
  assert.equal(c.count('b', 'j1'), 1, 'labs are counted apart');
  c.count('a', 'j2');
  c.count('a', 'j3'); // j1 is now the oldest and is forgotten
  assert.equal(c.count('a', 'j1'), 1);
  live.delete('b');
  c.count('c', 'j1'); // a new lab sweeps labs that no longer exist
  assert.equal(c.labs, 2);
});

test('the maxAckDelayMs limit has a default and an environment override', () => {
  assert.equal(limitsFromEnv({}).maxAckDelayMs, 10_000);
  assert.equal(limitsFromEnv({ SP_MAX_ACK_DELAY_MS: '3000' }).maxAckDelayMs, 3000);
  assert.throws(() => limitsFromEnv({ SP_MAX_ACK_DELAY_MS: '-1' }));
});

test('ack:job acknowledges after the delay and reports the run', async (t) => {
  const { socket } = await inLab(t);
  const handled = collect<{ ref: string; run: number }>(socket, 'ack:handled');
  const started = performance.now();
  const res = await ask<{ run: number; waitedMs: number }>(socket, 'ack:job', { ref: 'j1', delayMs: 150 });
  assert.ok(performance.now() - started >= 140, 'the server waited before acknowledging');
  assert.deepEqual(res, { ok: true, data: { ref: 'j1', run: 1, waitedMs: 150 } });
  assert.deepEqual(
    handled.map((h) => h.run),
    [1],
  );
});

test('a timeout shorter than the delay fails on the client, but the handler ran and its ACK still comes', async (t) => {
  const { socket } = await inLab(t);
  const handled = collect<{ ref: string; run: number }>(socket, 'ack:handled');
  const late: string[] = [];
  socket.io.engine.on('packet', (p: { type: string; data?: unknown }) => {
    if (p.type === 'message' && typeof p.data === 'string' && p.data.startsWith('3')) late.push(p.data);
  });
  await assert.rejects(socket.timeout(50).emitWithAck('ack:job', { ref: 'slow', delayMs: 250 }), /timed out/);
  // On a busy machine the client's 50 ms can run out before the "handled" notice arrives: one round trip
  // delivers everything the server sent before it.
  await settle(socket);
  assert.equal(handled.length, 1, 'the server handled it even though the client gave up');
  await ask(socket, 'ack:job', { ref: 'after', delayMs: 300 }); // by now the late ACK has arrived
  assert.ok(
    late.some((d) => d.includes('"ref":"slow"')),
    'the late ACK packet reached the client',
  );
});

test('retries with ackTimeout run the handler twice (at-least-once)', async (t) => {
  const { server, labId } = await inLab(t);
  const retrier = await server.connect({ retries: 2, ackTimeout: 100 });
  await ask(retrier, 'lab:join', { labId, name: 'Retrier' });
  const handled = collect<{ ref: string; run: number }>(retrier, 'ack:handled');
  const res = await (
    retrier as unknown as { emitWithAck(e: string, p: unknown): Promise<{ ok: boolean; data: { run: number } }> }
  ).emitWithAck('ack:job', { ref: 'r1', delayMs: 300, slow: 'first' });
  assert.equal(res.ok, true);
  assert.equal(res.data.run, 2, 'the answer came from the second run');
  assert.deepEqual(
    handled.filter((h) => h.ref === 'r1').map((h) => h.run),
    [1, 2],
  );
});

test('bad payloads and delays over the limit are refused', async (t) => {
  const { socket } = await inLab(t, { maxAckDelayMs: 500 });
  for (const bad of [
    { ref: 'x', delayMs: -1 },
    { ref: 'x', delayMs: 1.5 },
    { ref: 'x', delayMs: 20_000 },
    { ref: 'a b', delayMs: 0 },
    { ref: 'x', delayMs: 0, slow: 'never' },
    { ref: 'x' },
  ]) {
    const res = await ask(socket, 'ack:job', bad);
    assert.equal(res.ok, false, JSON.stringify(bad));
  }
  const overLimit = await ask(socket, 'ack:job', { ref: 'x', delayMs: 600 });
  assert.equal(overLimit.ok, false);
  assert.match(!overLimit.ok ? overLimit.error : '', /at most 500 ms/);
});

test('labs do not see each other\u2019s jobs', async (t) => {
  const { server, socket } = await inLab(t);
  const other = await server.connect();
  await ask(other, 'lab:create', { kind: 'ack-lab', name: 'Bob' });
  const seen = collect(other, 'ack:handled');
  await ask(socket, 'ack:job', { ref: 'mine', delayMs: 0 });
  await settle(other);
  assert.deepEqual(seen, []);
});
