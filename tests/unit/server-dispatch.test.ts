// Handlers are registered once per server: a socket carries one shared listener, and a disconnect listener only
// once it is in a lab. Lab names stay unique without scanning the lab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LabNames, LabRegistry } from '../../server/labs.ts';
import { ask, fakeClock, startTestServer } from '../helpers/demo-server.ts';

test('every socket shares one listener function; only lab sockets get a disconnect listener', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const a = await server.connect();
  const b = await server.connect();
  const nsp = server.demo.io.of('/');
  const [sa, sb] = [nsp.sockets.get(a.id!)!, nsp.sockets.get(b.id!)!];
  // Socket.IO registers an 'error' listener of its own on every socket; everything else is ours.
  const ours = (s: typeof sa) => s.eventNames().filter((e) => e !== 'error');
  assert.equal(sa.listenersAny().length, 1);
  assert.equal(sa.listenersAny()[0], sb.listenersAny()[0], 'the same function, not a closure per socket');
  assert.deepEqual(ours(sa), [], 'no per-event listeners outside a lab');
  await ask(a, 'lab:create', { kind: 'k', name: 'A' });
  assert.deepEqual(ours(sa), ['disconnect']);
  assert.equal(sa.listeners('disconnect').length, 1);
  const again = await ask(a, 'lab:create', { kind: 'k', name: 'A' });
  assert.equal(again.ok, false);
  assert.equal(sa.listeners('disconnect').length, 1, 'entering is counted once');
});

test('lab names: the lowest free suffix, found without scanning the members', () => {
  const names = new LabNames();
  assert.deepEqual(
    ['a', 'b', 'c', 'd'].map((id) => names.claim(id, 'Alice')),
    ['Alice', 'Alice 2', 'Alice 3', 'Alice 4'],
  );
  names.release('b', 'Alice 2');
  names.release('c', 'Alice 3');
  assert.equal(names.claim('e', 'Alice'), 'Alice 2');
  assert.equal(names.claim('f', 'Alice'), 'Alice 3');
  assert.equal(names.claim('g', 'Alice'), 'Alice 5');
  // A learner who types "Alice 6" takes that name; the counter walks past it.
  assert.equal(names.claim('h', 'Alice 6'), 'Alice 6');
  assert.equal(names.claim('i', 'Alice'), 'Alice 7');
  names.release('a', 'Alice');
  assert.equal(names.claim('j', 'Alice'), 'Alice');
});

test('the registry frees a name when its socket leaves', () => {
  const reg = new LabRegistry({ maxLabs: 5, maxSocketsPerLab: 5, labIdleMs: 1000 }, fakeClock());
  const lab = reg.create('k');
  assert.equal(reg.join(lab.id, 's1', 'Bo').name, 'Bo');
  assert.equal(reg.join(lab.id, 's2', 'Bo').name, 'Bo 2');
  reg.leave(lab.id, 's1');
  assert.equal(reg.join(lab.id, 's3', 'Bo').name, 'Bo');
  assert.deepEqual([...lab.members.values()], ['Bo 2', 'Bo']);
});
