// A learner back in its lab before the server noticed its old socket was gone (a ping not timed out yet) keeps
// its name: the join reply's member secret, shown again with the same name, takes the old member's place. Any
// other secret (wrong, from another lab, of a member who left) is ignored: a fresh name, as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LabInfo, RoomsDelta, RoomsSnapshot } from '../../src/contract/index.ts';
import { LabRegistry } from '../../server/labs.ts';
import { newMemberSecret } from '../../server/lab-secrets.ts';
import { ask, collect, fakeClock, startTestServer, type TestSocket } from '../helpers/demo-server.ts';

type Server = Awaited<ReturnType<typeof startTestServer>>;

async function create(server: Server, name: string): Promise<[TestSocket, LabInfo]> {
  const socket = await server.connect();
  const res = await ask<LabInfo>(socket, 'lab:create', { kind: 'emit-sequence', name });
  assert.ok(res.ok, JSON.stringify(res));
  return [socket, res.data];
}

async function join(server: Server, payload: Record<string, unknown>): Promise<[TestSocket, LabInfo]> {
  const socket = await server.connect();
  const res = await ask<LabInfo>(socket, 'lab:join', payload);
  assert.ok(res.ok, JSON.stringify(res));
  return [socket, res.data];
}

const names = async (socket: TestSocket) => {
  const res = await ask<RoomsSnapshot>(socket, 'rooms:list', {});
  assert.ok(res.ok, JSON.stringify(res));
  return res.data.members.map((m) => [m.id, m.name]);
};

test('registry: a join with the member secret and name takes that member place; its name comes back', () => {
  const reg = new LabRegistry({ maxLabs: 2, maxSocketsPerLab: 2, labIdleMs: 1000 }, fakeClock());
  const lab = reg.create('x');
  const ada = reg.join(lab.id, 's1', 'Ada');
  reg.join(lab.id, 's2', 'Bea');
  // The lab is full, and the old socket still listed: a replace does not count as one more.
  const back = reg.join(lab.id, 's3', 'Ada', ada.secret);
  assert.deepEqual([back.name, back.replaced], ['Ada', 's1']);
  assert.deepEqual(
    [...lab.members],
    [
      ['s2', 'Bea'],
      ['s3', 'Ada'],
    ],
  );
  assert.notEqual(back.secret, ada.secret, 'every join mints a new secret');
  // The old secret was retired by the replace, and the old socket's late leave changes nothing.
  reg.leave(lab.id, 's1');
  assert.deepEqual([...lab.members.values()], ['Bea', 'Ada']);
  assert.throws(() => reg.join(lab.id, 's4', 'Ada', ada.secret), /lab is full/);
  // Leaving frees the name and voids the secret: the next "Ada" is a fresh member.
  reg.leave(lab.id, 's3');
  const other = reg.join(lab.id, 's5', 'Ada', back.secret);
  assert.deepEqual([other.name, other.replaced], ['Ada', undefined]);
});

test('registry: the name asked for or the name given answers to the secret; another name does not', () => {
  const reg = new LabRegistry({ maxLabs: 2, maxSocketsPerLab: 9, labIdleMs: 1000 }, fakeClock());
  const lab = reg.create('x');
  reg.join(lab.id, 's1', 'Ada');
  const second = reg.join(lab.id, 's2', 'Ada');
  assert.equal(second.name, 'Ada 2');
  const asked = reg.join(lab.id, 's3', 'Ada', second.secret);
  assert.deepEqual([asked.name, asked.replaced], ['Ada 2', 's2']);
  const given = reg.join(lab.id, 's4', 'Ada 2', asked.secret);
  assert.deepEqual([given.name, given.replaced], ['Ada 2', 's3']);
  const stranger = reg.join(lab.id, 's5', 'Zed', given.secret);
  assert.deepEqual([stranger.name, stranger.replaced], ['Zed', undefined]);
  assert.deepEqual([...lab.members.values()], ['Ada', 'Ada 2', 'Zed']);
});

test('server: back before the old socket timed out, with the secret: same name, old socket dropped', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const [oldAda, made] = await create(server, 'Ada');
  const labId = made.labId;
  assert.match(made.secret, /^[A-Za-z0-9_-]{22}$/);
  const [bea, withBea] = await join(server, { labId, name: 'Bea' });
  const seenByBea = collect<unknown>(bea, 'rooms:delta');
  const everything: unknown[] = [];
  bea.onAny((...args: unknown[]) => everything.push(args));
  assert.ok((await ask(bea, 'rooms:list', {})).ok); // Bea watches the roster from here on
  const oldId = oldAda.id;
  const dropped = new Promise<string>((resolve) => oldAda.once('disconnect', resolve));

  const [ada, back] = await join(server, { labId, name: 'Ada', secret: made.secret, kind: 'emit-sequence' });
  assert.equal(back.name, 'Ada', 'Ada kept her name');
  assert.equal(back.members, 2, 'one Ada on the roster, not two');
  assert.notEqual(back.secret, made.secret);
  assert.equal(await dropped, 'io server disconnect', 'the old socket of the same learner was dropped');
  assert.deepEqual(await names(bea), [
    [bea.id, 'Bea'],
    [ada.id, 'Ada'],
  ]);

  // Roster watchers saw the replace as the old id leaving and the new one joining.
  const changes = () => (seenByBea as RoomsDelta[]).flatMap((d) => d.changes);
  while (!changes().some((c) => c.kind === 'joined')) await new Promise((r) => setTimeout(r, 10));

  const seenChanges = JSON.stringify(changes());
  assert.ok(
    changes().some((c) => c.kind === 'left' && c.id === oldId),
    seenChanges,
  );
  assert.ok(
    changes().some((c) => c.kind === 'joined' && c.id === ada.id && c.name === 'Ada'),
    seenChanges,
  );
  // No secret ever reached another member.
  const seen = JSON.stringify([everything, withBea]);
  for (const secret of [made.secret, back.secret]) assert.ok(!seen.includes(secret), 'Bea never saw a secret');
});

test('server: a wrong secret, another lab secret or another name gets a fresh name; nobody is dropped', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const [ada, made] = await create(server, 'Ada');
  const labId = made.labId;
  const [otherAda, other] = await create(server, 'Ada');
  let drops = 0;
  for (const s of [ada, otherAda]) s.on('disconnect', () => drops++);

  const [, wrong] = await join(server, { labId, name: 'Ada', secret: newMemberSecret() });
  assert.equal(wrong.name, 'Ada 2', 'a secret nobody was given: a fresh name');
  const [, elsewhere] = await join(server, { labId, name: 'Ada', secret: other.secret });
  assert.equal(elsewhere.name, 'Ada 3', "another lab's secret does nothing here");
  const [, renamed] = await join(server, { labId, name: 'Zed', secret: made.secret });
  assert.equal(renamed.name, 'Zed', 'a secret under another name claims nothing');
  assert.ok((await ask(ada, 'rooms:list', {})).ok, 'Ada is still connected');
  assert.ok((await ask(otherAda, 'rooms:list', {})).ok, 'the other lab Ada is still connected');
  assert.equal(drops, 0);
  assert.deepEqual(
    (await names(ada)).map(([, n]) => n),
    ['Ada', 'Ada 2', 'Ada 3', 'Zed'],
  );
});

test('server: a member who left has no secret any more; a schema-invalid secret is refused', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const [ada, made] = await create(server, 'Ada');
  const labId = made.labId;
  const [bea] = await join(server, { labId, name: 'Bea' });
  ada.disconnect();
  while ((await names(bea)).length > 1) await new Promise((r) => setTimeout(r, 10));
  const [, newAda] = await join(server, { labId, name: 'Ada' });
  assert.equal(newAda.name, 'Ada', 'the name was freed by the leave');
  const [, late] = await join(server, { labId, name: 'Ada', secret: made.secret });
  assert.equal(late.name, 'Ada 2', 'the secret of a member who left takes nobody place');

  const s = await server.connect();
  for (const secret of ['short', made.secret + 'x', '!'.repeat(22), 42, null]) {
    const res = await ask(s, 'lab:join', { labId, name: 'Ada', secret });
    assert.equal(res.ok, false, `secret ${JSON.stringify(secret)} refused`);
    if (res.ok) continue;
    assert.equal(res.code, 'invalid-payload');
    assert.match(res.error, /secret/);
  }
});
