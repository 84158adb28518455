// A setting changed by one page of a shared lab reaches the others with who changed it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MissedStatus } from '../../src/contract/index.ts';
import { ask, next, startTestServer } from '../helpers/demo-server.ts';

test('missed:configure broadcasts the new status with the changer’s lab name and the change itself', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const alice = await server.connect();
  const bob = await server.connect();
  const created = await ask<{ labId: string }>(alice, 'lab:create', { kind: 'missed-events', name: 'Alice' });
  assert.ok(created.ok);
  assert.equal((await ask(bob, 'lab:join', { labId: created.data.labId, name: 'Alice' })).ok, true); // "Alice 2"
  const seen = next<MissedStatus>(alice, 'missed:status');
  const reply = await ask<MissedStatus>(bob, 'missed:configure', { rate: 5 });
  assert.equal(reply.ok && reply.data.change, undefined, 'the reply is the status; the broadcast carries the change');
  const status = await seen;
  assert.equal(status.rate, 5);
  assert.equal(status.change?.by, 'Alice 2');
  assert.deepEqual(status.change?.patch, { rate: 5 });
  assert.match(status.change?.id ?? '', /^[0-9a-f]{8}$/);
});
