import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ask, collect, settle, startTestServer, type TestSocket } from '../helpers/demo-server.ts';

async function labOfThree(t: { after(fn: () => Promise<void>): void }) {
  const server = await startTestServer();
  t.after(() => server.close());
  const [alice, bob, carol] = await Promise.all([server.connect(), server.connect(), server.connect()]);
  const lab = await ask<{ labId: string }>(alice, 'lab:create', { kind: 'emit-sequence', name: 'Alice' });
  const labId = lab.ok ? lab.data.labId : '';
  await ask(bob, 'lab:join', { labId, name: 'Bob' });
  await ask(carol, 'lab:join', { labId, name: 'Carol' });
  return { server, alice, bob, carol };
}

const VARIANTS: Array<[string, string[]]> = [
  ['server', []],
  ['reply', ['Alice']],
  ['all', ['Alice', 'Bob', 'Carol']],
  ['others', ['Bob', 'Carol']],
];

for (const [variant, expected] of VARIANTS) {
  test(`emit:send "${variant}" reaches exactly ${expected.join(', ') || 'nobody'}`, async (t) => {
    const { alice, bob, carol } = await labOfThree(t);
    const boxes: Array<[string, TestSocket, unknown[]]> = [
      ['Alice', alice, collect(alice, 'emit:message')],
      ['Bob', bob, collect(bob, 'emit:message')],
      ['Carol', carol, collect(carol, 'emit:message')],
    ];
    const res = await ask<{ recipients: string[] }>(alice, 'emit:send', { variant, text: 'hi' });
    assert.equal(res.ok, true);
    assert.deepEqual(res.ok && [...res.data.recipients].sort(), expected);
    for (const [, socket] of boxes) await settle(socket);
    const got = boxes.filter(([, , box]) => box.length > 0).map(([name]) => name);
    assert.deepEqual(got, expected);
    for (const [, , box] of boxes) assert.ok(box.length <= 1, 'each recipient gets the message once');
  });
}

test('malformed payloads are answered { ok: false, error } and change nothing', async (t) => {
  const { alice, bob } = await labOfThree(t);
  const seen = collect(bob, 'emit:message');
  const cases: unknown[][] = [
    [{ variant: 'sideways', text: 'hi' }],
    [{ variant: 'all', text: 42 }],
    [{ variant: 'all', text: '   ' }],
    [{ variant: 'all', text: 'x'.repeat(281) }],
    [{ variant: 'all', text: 'hi', extra: true }],
    ['just a string'],
    [null],
    [{ variant: 'all', text: 'a' }, { second: 'payload' }],
  ];
  for (const args of cases) {
    const res = await ask(alice, 'emit:send', ...args);
    assert.equal(res.ok, false, `should refuse ${JSON.stringify(args)}`);
    assert.ok(!res.ok && res.error.length > 3);
  }
  await settle(bob);
  assert.deepEqual(seen, []);
  // …and the socket still works.
  const ok = await ask(alice, 'emit:send', { variant: 'others', text: 'still here' });
  assert.equal(ok.ok, true);
});

test('an event with no acknowledgement callback gets its error as lab:error', async (t) => {
  const { alice } = await labOfThree(t);
  const errors = collect<{ event: string; error: string }>(alice, 'lab:error');
  (alice as unknown as { emit(e: string, p: unknown): void }).emit('emit:send', { variant: 'nope' });
  await settle(alice);
  assert.equal(errors.length, 1);
  assert.equal(errors[0]!.event, 'emit:send');
  assert.match(errors[0]!.error, /variant/);
});
