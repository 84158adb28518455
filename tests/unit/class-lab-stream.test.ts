// The teacher's stream hears who joins and leaves each class lab, over real socket.io-client connections:
// one line per student per lab (not per connection), named from the roster, never with an address; labs that are
// not the class's say nothing; and the lines are rate-bounded per class, with a count of what was left out.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type {
  ClassActivity,
  ClassCreated,
  ClassLabInfo,
  ClassMembership,
  ClassSnapshot,
  RosterEntry,
} from '../../src/contract/class.ts';
import { MEMBER_COOKIE } from '../../src/lib/class/code.ts';
import { ask, collect, fakeClock, startTestServer, type TestServer, until } from '../helpers/demo-server.ts';

const classSocket = (server: TestServer) => server.connect({ query: { sp: 'class' } });
const cookie = (token: string) => ({ extraHeaders: { cookie: `${MEMBER_COOKIE}=${token}` } });

async function startClass(server: TestServer) {
  const teacher = await classSocket(server);
  const created = await ask<ClassCreated>(teacher, 'class:create', { name: 'Networks' });
  assert.ok(created.ok);
  const { code, teacherKey } = created.data;
  assert.ok((await ask<ClassSnapshot>(teacher, 'class:teach', { code, teacherKey })).ok);
  const stream = collect<ClassActivity>(teacher, 'class:activity');
  return { teacher, code, stream };
}

async function joinAs(server: TestServer, code: string, name: string) {
  const joined = await ask<ClassMembership>(await classSocket(server), 'class:join', { code, name });
  assert.ok(joined.ok, JSON.stringify(joined));
  return joined.data;
}

/** One demo connection of a student's widget, in the class lab of `widgetId`. */
async function widgetSocket(server: TestServer, code: string, memberToken: string, widgetId: string, kind: string) {
  const socket = await server.connect(cookie(memberToken));
  const lab = await ask<ClassLabInfo>(socket, 'class:lab', { code, memberToken, widgetId, kind });
  assert.ok(lab.ok, JSON.stringify(lab));
  const joined = await ask(socket, 'lab:join', { labId: lab.data.labId, name: 'Ana' });
  assert.ok(joined.ok, JSON.stringify(joined));
  return Object.assign(socket, { labId: lab.data.labId });
}

const labLines = (stream: ClassActivity[]) =>
  stream.filter((a) => a.kind === 'lab-join' || a.kind === 'lab-leave').map((a) => a.text);

test('class lab stream: one join and one leave per student per lab, by roster name, without addresses', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const { teacher, code, stream } = await startClass(server);
  const ana = await joinAs(server, code, 'Ana');
  const ben = await joinAs(server, code, 'Ben');

  // Ana's widget opens two connections into its lab (as the rooms explorer opens four): one line.
  const anaJoined = until<ClassActivity>(teacher, 'class:activity', (a) => a.kind === 'lab-join');
  const a1 = await widgetSocket(server, code, ana.memberToken, 'emit-lab', 'emit-sequence');
  const a2 = await widgetSocket(server, code, ana.memberToken, 'emit-lab', 'emit-sequence');
  assert.equal((await anaJoined).text, 'Ana joined the class lab “emit-lab” (emit-sequence).');
  const benJoined = until<ClassActivity>(teacher, 'class:activity', (a) => a.text.startsWith('Ben joined'));
  await widgetSocket(server, code, ben.memberToken, 'emit-lab', 'emit-sequence');
  await benJoined;

  // A lab that is not the class's (a private one, or a share link) says nothing, cookie or not.
  const own = await server.connect(cookie(ana.memberToken));
  assert.ok((await ask(own, 'lab:create', { kind: 'emit-sequence', name: 'Ana' })).ok);
  // A connection without a member cookie in the class lab (someone given the lab id) is nobody on the roster.
  const stranger = await server.connect();
  assert.ok((await ask(stranger, 'lab:join', { labId: a1.labId, name: 'Eve' })).ok);

  // Her first connection closes: she is still in the lab. The roster refresh after it comes after any line.
  const oneLeft = until<{ roster: RosterEntry[] }>(
    teacher,
    'class:roster',
    (r) => r.roster.find((m) => m.name === 'Ana')?.demoSockets === 2,
  );
  a1.disconnect();
  await oneLeft;
  assert.deepEqual(labLines(stream), [
    'Ana joined the class lab “emit-lab” (emit-sequence).',
    'Ben joined the class lab “emit-lab” (emit-sequence).',
  ]);
  const anaLeft = until<ClassActivity>(teacher, 'class:activity', (a) => a.kind === 'lab-leave');
  a2.disconnect();
  assert.equal((await anaLeft).text, 'Ana left the class lab “emit-lab” (emit-sequence).');
  for (const a of stream) assert.doesNotMatch(a.text, /127\.0\.0\.1|::1|::ffff/, 'no address in any line');
});

test('class lab stream: lines are rate-bounded per class, and the next line says how many were left out', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock, limits: { classLabActivityPerMinute: 3 } });
  t.after(() => server.close());
  const { teacher, code, stream } = await startClass(server);
  const names = ['Ana', 'Ben', 'Cleo', 'Dev', 'Eli'];
  const members = [];
  for (const name of names) members.push(await joinAs(server, code, name));
  // Five students' widgets join; the roster shows all five connections, so every join has been handled.
  const all = until<{ roster: RosterEntry[] }>(teacher, 'class:roster', (r) =>
    r.roster.every((m) => m.demoSockets === 1),
  );
  for (const m of members) await widgetSocket(server, code, m.memberToken, 'rooms-lab', 'rooms-explorer');
  await all;
  await ask(teacher, 'class:teach', { code: 'XXXXXXX', teacherKey: 'x'.repeat(22) }); // one more round trip
  assert.equal(labLines(stream).length, 3, 'three lines a minute, no more');

  clock.advance(60_000);
  const summary = until<ClassActivity>(teacher, 'class:activity', (a) => a.text.includes('not listed'));
  const fay = until<ClassActivity>(teacher, 'class:activity', (a) => a.text.startsWith('Fay joined the'));
  const late = await joinAs(server, code, 'Fay');
  await widgetSocket(server, code, late.memberToken, 'rooms-lab', 'rooms-explorer');
  assert.equal((await summary).text, '2 more lab joins and leaves were not listed (too many at once).');
  await fay;
  assert.deepEqual(labLines(stream).slice(3), [
    '2 more lab joins and leaves were not listed (too many at once).',
    'Fay joined the class lab “rooms-lab” (rooms-explorer).',
  ]);
});
