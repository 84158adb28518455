// A node dies under its learners (two nodes in separate processes on one real Redis). Its members stay on the
// lab's roster until its heartbeat expires (3 sweep intervals, 90 s by default), their names taken. A learner
// who rejoins on the survivor with the member secret of its last join reply takes its own place back at once:
// the same name, its new socket id, no ghost. Without the right secret it is a fresh member, as before.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabInfo, RoomsDelta, RoomsSnapshot } from '../../src/contract/index.ts';
import { connectRedis } from '../../server/scale/redis.ts';
import { silentLogger } from '../../server/log.ts';
import { newMemberSecret } from '../../server/lab-secrets.ts';
import { ask, connectTestSocket, type TestSocket } from '../helpers/demo-server.ts';
import { startDemoNode, type DemoNode } from '../helpers/child-node.ts';
import { startRedis, type TestRedis } from '../helpers/redis-server.ts';

const PREFIX = 'rejoin-name-test';

let redis: TestRedis;
let a: DemoNode;
let b: DemoNode;
/** Sockets the test closes itself: a node's own list would be closed cleanly before it is killed. */
const opened: TestSocket[] = [];

before(async () => {
  redis = await startRedis();
  [a, b] = await Promise.all([
    startDemoNode(redis.url, 'node-a', { prefix: PREFIX }),
    startDemoNode(redis.url, 'node-b', { prefix: PREFIX }),
  ]);
});
after(async () => {
  for (const s of opened) s.disconnect();
  await Promise.all([a?.stop(), b?.stop()]);
  await redis?.stop();
});

async function enter(
  node: DemoNode,
  event: 'lab:create' | 'lab:join',
  payload: object,
): Promise<[TestSocket, LabInfo]> {
  const socket = await connectTestSocket(node.url, opened);
  const res = await ask<LabInfo>(socket, event, payload);
  assert.ok(res.ok, JSON.stringify(res));
  return [socket, res.data];
}

const roster = async (socket: TestSocket) => {
  const res = await ask<RoomsSnapshot>(socket, 'rooms:list', {});
  assert.ok(res.ok, JSON.stringify(res));
  return res.data.members.map((m) => [m.id, m.name]);
};

test('a node killed: rejoining on the survivor with the member secret keeps the name and leaves no ghost', async () => {
  const [oldAda, made] = await enter(a, 'lab:create', { kind: 'emit-sequence', name: 'Ada' });
  const labId = made.labId;
  const [oldBea, bea] = await enter(a, 'lab:join', { labId, name: 'Bea' });
  const [cy] = await enter(b, 'lab:join', { labId, name: 'Cy' });
  const ghosts = { ada: oldAda.id!, bea: oldBea.id! };
  assert.deepEqual(
    (await roster(cy)).map(([, n]) => n),
    ['Ada', 'Bea', 'Cy'],
  );

  // Cy watches the rooms view (she asked for the list): the dead socket's leave must reach her as a delta.
  const ghostLeft = new Promise<void>((resolve) =>
    cy.on('rooms:delta', (delta: RoomsDelta) => {
      if (delta.changes.some((c) => c.kind === 'left' && c.id === ghosts.ada)) resolve();
    }),
  );
  await a.kill();
  const [ada, back] = await enter(b, 'lab:join', { labId, name: 'Ada', kind: 'emit-sequence', secret: made.secret });
  let late: NodeJS.Timeout | undefined;
  await Promise.race([
    ghostLeft,
    new Promise((_, reject) => (late = setTimeout(() => reject(new Error('no "left" delta for the ghost')), 5000))),
  ]).finally(() => clearTimeout(late));
  assert.equal(back.name, 'Ada', 'Ada kept her name on the survivor');
  assert.notEqual(back.secret, made.secret, 'with a new secret');
  // Bea shows a secret nobody was given: her dead socket still holds "Bea", so she is a fresh member.
  const [, bea2] = await enter(b, 'lab:join', { labId, name: 'Bea', secret: newMemberSecret() });
  assert.equal(bea2.name, 'Bea 2');
  const now = await roster(cy);
  assert.ok(!now.some(([id]) => id === ghosts.ada), `no ghost of Ada: ${JSON.stringify(now)}`);
  assert.deepEqual(
    now.filter(([, n]) => n === 'Ada'),
    [[ada.id, 'Ada']],
    'one Ada, on her new socket',
  );
  assert.ok(
    now.some(([id]) => id === ghosts.bea),
    "Bea's dead socket is still listed (until the heartbeat expires)",
  );

  // Redis holds digests only: no secret a join reply carried is stored anywhere under the prefix.
  const inspect = await connectRedis(redis.url, silentLogger);
  try {
    const dump: string[] = [];
    for (const key of await inspect.client.keys(`${PREFIX}:*`)) {
      const type = await inspect.client.type(key);
      dump.push(key);
      if (type === 'hash') dump.push(JSON.stringify(await inspect.client.hGetAll(key)));
      if (type === 'set') dump.push(JSON.stringify(await inspect.client.sMembers(key)));
      if (type === 'string') dump.push(String(await inspect.client.get(key)));
    }
    assert.ok(dump.join('\n').includes(labId), 'the dump holds the lab');
    for (const secret of [made.secret, bea.secret, back.secret, bea2.secret]) {
      assert.ok(!dump.join('\n').includes(secret), 'no secret in Redis');
    }
  } finally {
    inspect.client.destroy();
  }
});
