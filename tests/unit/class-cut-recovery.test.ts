// A teacher's cut reaches the missed-events lab's recovery server (/recovery.io), over real socket.io-client
// connections: the student's connections there get a transport close, their new handshakes are refused for the
// cut's length, and their client, retrying on its own, gets back in once it is over. Other students keep theirs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ClassCreated, ClassMembership, ClassSnapshot } from '../../src/contract/class.ts';
import { RECOVERY_PATH } from '../../src/contract/index.ts';
import { MEMBER_COOKIE } from '../../src/lib/class/code.ts';
import { ask, fakeClock, startTestServer, type TestServer } from '../helpers/demo-server.ts';

const classSocket = (server: TestServer) => server.connect({ query: { sp: 'class' } });
const cookie = (token: string) => ({ extraHeaders: { cookie: `${MEMBER_COOKIE}=${token}` } });
const onRecovery = (token: string, extra: Record<string, unknown> = {}) => ({
  path: RECOVERY_PATH,
  ...cookie(token),
  ...extra,
});

async function joinAs(server: TestServer, code: string, name: string) {
  const socket = await classSocket(server);
  const joined = await ask<ClassMembership>(socket, 'class:join', { code, name });
  assert.ok(joined.ok, JSON.stringify(joined));
  return joined.data;
}

test('class: a cut closes the student’s /recovery.io connections, refuses their handshakes there', async (t) => {
  const clock = fakeClock();
  const server = await startTestServer({ clock });
  t.after(() => server.close());
  const teacher = await classSocket(server);
  const created = await ask<ClassCreated>(teacher, 'class:create', { name: 'Networks' });
  assert.ok(created.ok);
  const { code, teacherKey } = created.data;
  assert.ok((await ask<ClassSnapshot>(teacher, 'class:teach', { code, teacherKey })).ok);
  const ana = await joinAs(server, code, 'Ana');
  const ben = await joinAs(server, code, 'Ben');

  const anaMain = await server.connect(cookie(ana.memberToken));
  // Her missed-events lab in recovery mode: a client that reconnects by itself, quickly, as the widget's does.
  const anaRecovery = await server.connect(
    onRecovery(ana.memberToken, { reconnection: true, reconnectionDelay: 20, reconnectionDelayMax: 20 }),
  );
  const benRecovery = await server.connect(onRecovery(ben.memberToken));
  const lab = await ask<{ labId: string }>(anaRecovery, 'lab:create', { kind: 'missed-events', name: 'Ana' });
  assert.ok(lab.ok, JSON.stringify(lab));

  const reasons = Promise.all(
    [anaMain, anaRecovery].map((s) => new Promise<string>((resolve) => s.once('disconnect', resolve))),
  );
  // Her client retries while cut: each attempt is refused at the handshake, so it stays out.
  let refused = 0;
  const firstRefusal = new Promise<void>((resolve) =>
    anaRecovery.io.on('reconnect_error', () => {
      refused++;
      resolve();
    }),
  );
  const cut = await ask<{ closed: number }>(teacher, 'class:cut', {
    code,
    teacherKey,
    memberId: ana.memberId,
    seconds: 10,
  });
  assert.ok(cut.ok, JSON.stringify(cut));
  assert.equal(cut.data.closed, 2, 'her demo connection on /socket.io and the one on /recovery.io');
  assert.deepEqual(await reasons, ['transport close', 'transport close'], 'real transport closes');
  assert.equal(benRecovery.connected, true, 'Ben keeps his recovery-server connection');

  await firstRefusal;
  assert.ok(refused >= 1);
  assert.equal(anaRecovery.connected, false, 'still out while the cut lasts');
  await assert.rejects(server.connect(onRecovery(ana.memberToken)), 'a fresh handshake there is refused too');
  assert.ok((await server.connect(onRecovery(ben.memberToken))).connected, 'Ben may still open new ones');

  const back = new Promise<void>((resolve) => anaRecovery.once('connect', () => resolve()));
  clock.advance(10_000);
  await back;
  assert.equal(anaRecovery.connected, true, 'after the cut her own retries get her back in');
  anaRecovery.disconnect();
});
