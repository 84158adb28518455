// The contract stays neutral (no zod, no server code, nothing in src/ reaching into server/), its constants
// agree with what they describe, and every refusal carries one of its codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHEATSHEET_VARIANT_IDS, ERROR_CODES, type LabError } from '../../src/contract/index.ts';
import { CHEATSHEET_VARIANTS } from '../../src/lib/protocol/emit-semantics.ts';
import { ask, next, startTestServer } from '../helpers/demo-server.ts';

const root = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|astro)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]!);

test('src/contract imports nothing but itself: no zod, no server code, no other src module', () => {
  for (const file of sources('src/contract')) {
    for (const spec of importsOf(file)) assert.match(spec, /^\.\/[a-z-]+\.ts$/, `${file} imports ${spec}`);
  }
});

test('nothing under src/ imports from server/', () => {
  for (const file of sources('src')) {
    for (const spec of importsOf(file)) assert.doesNotMatch(spec, /(^|\/)server\//, `${file} imports ${spec}`);
  }
});

test('the cheatsheet ids the server accepts are exactly the variants the lesson describes', () => {
  assert.deepEqual(
    CHEATSHEET_VARIANTS.map((v) => v.id),
    [...CHEATSHEET_VARIANT_IDS],
  );
});

test('refusals carry a contract code: in the ack, and in lab:error when there is no ack', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const s = await server.connect();
  const bad = await ask(s, 'lab:join', { labId: 'nope', name: 'A' });
  assert.deepEqual(bad.ok ? undefined : bad.code, 'invalid-payload');
  const gone = await ask(s, 'lab:join', { labId: 'AAAAAAAA', name: 'A' });
  assert.deepEqual(gone.ok ? undefined : gone.code, 'unknown-lab');
  const labError = next<LabError>(s, 'lab:error');
  s.emit('transport:send', { text: 'before any lab' });
  const err = await labError;
  assert.equal(err.event, 'transport:send');
  assert.equal(err.code, 'no-lab');
  assert.ok(ERROR_CODES.includes(err.code));
});

test('an event nobody handles gets no answer (as in plain Socket.IO), and the socket carries on', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const s = await server.connect();
  await assert.rejects(s.timeout(150).emitWithAck('no:such' as 'conn:info', {}), /timed out/);
  assert.equal((await ask(s, 'conn:info', {})).ok, true);
});
