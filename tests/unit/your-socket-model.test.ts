import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allTuplesDistinct,
  describeJoin,
  describeTuple,
  diffLab,
  formatEndpoint,
  toGraph,
} from '../../src/widgets/your-socket/model.ts';
import type { LabConnection, LabSockets } from '../../src/contract/index.ts';

const conn = (socketId: string, name: string, port: number, address = '::ffff:127.0.0.1'): LabConnection => ({
  socketId,
  name,
  client: { address, port },
  server: { address, port: 4321 },
  transport: 'websocket',
});
const lab = (...connections: LabConnection[]): LabSockets => ({
  labId: 'abcdefgh',
  listening: { address: '127.0.0.1', port: 4321 },
  connections,
  at: 0,
});

test('endpoints: IPv4-mapped addresses read as IPv4, IPv6 gets brackets', () => {
  assert.equal(formatEndpoint({ address: '::ffff:127.0.0.1', port: 53122 }), '127.0.0.1:53122');
  assert.equal(formatEndpoint({ address: '::1', port: 80 }), '[::1]:80');
  assert.equal(formatEndpoint({ address: '10.0.0.2', port: 443 }), '10.0.0.2:443');
  assert.equal(describeTuple(conn('a', 'You', 50000)), 'TCP 127.0.0.1:50000 ↔ 127.0.0.1:4321');
});

test('graph rows: this page’s connections first, in the order it opened them, then others by name', () => {
  const g = toGraph(lab(conn('x', 'You 10', 3), conn('b', 'Client 2', 2), conn('y', 'You 2', 4), conn('a', 'You', 1)), [
    'a',
    'b',
  ]);
  assert.deepEqual(
    g.rows.map((r) => [r.name, r.mine]),
    [
      ['You', true],
      ['Client 2', true],
      ['You 2', false],
      ['You 10', false],
    ],
  );
  assert.equal(g.listening.port, 4321);
});

test('diff: who joined and who left between two reports', () => {
  const before = lab(conn('a', 'You', 1), conn('b', 'Client 2', 2));
  const after = lab(conn('a', 'You', 1), conn('c', 'You 2', 3));
  const change = diffLab(before, after);
  assert.deepEqual(
    change.joined.map((c) => c.name),
    ['You 2'],
  );
  assert.deepEqual(
    change.left.map((c) => c.name),
    ['Client 2'],
  );
  assert.deepEqual(diffLab(undefined, before).joined.length, 2);
  assert.match(describeJoin(change.joined[0]!, false), /from another tab or device: TCP 127\.0\.0\.1:3/);
});

test('4-tuples: distinct when a port differs, not when two rows repeat one', () => {
  assert.equal(allTuplesDistinct([conn('a', 'A', 1), conn('b', 'B', 2)]), true);
  assert.equal(allTuplesDistinct([conn('a', 'A', 1), conn('b', 'B', 1)]), false);
  assert.equal(
    allTuplesDistinct([conn('a', 'A', 1), conn('b', 'B', 1, '10.0.0.9')]),
    true,
    'another address is enough',
  );
});
