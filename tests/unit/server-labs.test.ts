import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabRegistry } from '../../server/labs.ts';
import { UserError } from '../../server/errors.ts';
import { ask, collect, fakeClock, next, settle, startTestServer } from '../helpers/demo-server.ts';

const limits = { maxLabs: 2, maxSocketsPerLab: 2, labIdleMs: 1000 };

test('registry: limits on labs and sockets per lab are enforced with a readable error', () => {
  const reg = new LabRegistry(limits, fakeClock());
  const a = reg.create('x');
  reg.create('x');
  assert.throws(
    () => reg.create('x'),
    (e: unknown) => e instanceof UserError && /full \(2 labs\)/.test(e.message),
  );
  reg.join(a.id, 's1', 'Alice');
  reg.join(a.id, 's2', 'Bob');
  assert.throws(() => reg.join(a.id, 's3', 'Carol'), /lab is full \(2 connections\)/);
});

test('registry: names are unique inside a lab', () => {
  const reg = new LabRegistry({ ...limits, maxSocketsPerLab: 5 }, fakeClock());
  const lab = reg.create('x');
  assert.equal(reg.join(lab.id, 's1', 'Alice').name, 'Alice');
  assert.equal(reg.join(lab.id, 's2', 'Alice').name, 'Alice 2');
  assert.equal(reg.join(lab.id, 's3', 'Alice').name, 'Alice 3');
});

test('registry: an empty lab expires after labIdleMs, a lab with members does not', () => {
  const clock = fakeClock();
  const reg = new LabRegistry(limits, clock);
  const empty = reg.create('x');
  const busy = reg.create('x');
  reg.join(busy.id, 's1', 'Alice');
  clock.advance(999);
  assert.deepEqual(reg.sweep(), []);
  clock.advance(1);
  assert.deepEqual(reg.sweep(), [empty.id]);
  assert.ok(reg.get(busy.id));
  reg.leave(busy.id, 's1');
  clock.advance(1000);
  assert.deepEqual(reg.sweep(), [busy.id]);
});

test('server: create and join a lab; unknown labs are refused', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const alice = await server.connect();
  const bob = await server.connect();
  const created = await ask<{ labId: string; name: string; members: number }>(alice, 'lab:create', {
    kind: 'emit-sequence',
    name: 'Alice',
  });
  assert.equal(created.ok, true);
  if (!created.ok) return;
  assert.match(created.data.labId, /^[A-Za-z0-9_-]{8}$/);
  const joined = await ask<{ members: number }>(bob, 'lab:join', { labId: created.data.labId, name: 'Bob' });
  assert.deepEqual(joined.ok && joined.data.members, 2);
  const stranger = await server.connect();
  const missing = await ask(stranger, 'lab:join', { labId: 'nope1234', name: 'Eve' });
  assert.equal(missing.ok, false);
  assert.match(!missing.ok ? missing.error : '', /no lab "nope1234"/);
});

test('server: limits on labs and sockets per lab hold over real connections', async (t) => {
  const server = await startTestServer({ limits: { maxLabs: 1, maxSocketsPerLab: 2 } });
  t.after(() => server.close());
  const [a, b, c, d] = await Promise.all([server.connect(), server.connect(), server.connect(), server.connect()]);
  const lab = await ask<{ labId: string }>(a, 'lab:create', { kind: 'k', name: 'A' });
  assert.ok(lab.ok);
  const second = await ask(d, 'lab:create', { kind: 'k', name: 'D' });
  assert.equal(second.ok, false);
  const labId = lab.ok ? lab.data.labId : '';
  assert.equal((await ask(b, 'lab:join', { labId, name: 'B' })).ok, true);
  const third = await ask(c, 'lab:join', { labId, name: 'C' });
  assert.equal(third.ok, false);
  assert.match(!third.ok ? third.error : '', /full/);
});

test('server: labs are isolated — an emit in one lab never reaches another', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const [a1, a2, b1] = await Promise.all([server.connect(), server.connect(), server.connect()]);
  const labA = await ask<{ labId: string }>(a1, 'lab:create', { kind: 'k', name: 'A1' });
  await ask(a2, 'lab:join', { labId: labA.ok ? labA.data.labId : '', name: 'A2' });
  await ask(b1, 'lab:create', { kind: 'k', name: 'B1' });
  const seenByB = collect(b1, 'emit:message');
  const arrived = next<{ text: string }>(a2, 'emit:message');
  const sent = await ask(a1, 'emit:send', { variant: 'all', text: 'hello lab A' });
  assert.equal(sent.ok, true);
  assert.equal((await arrived).text, 'hello lab A');
  await settle(b1);
  assert.deepEqual(seenByB, []);
});

test('server: an emit before joining a lab is refused and reaches nobody', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const s = await server.connect();
  const res = await ask(s, 'emit:send', { variant: 'all', text: 'hi' });
  assert.deepEqual(res, { ok: false, error: 'Join a lab first (lab:create or lab:join).', code: 'no-lab' });
});
