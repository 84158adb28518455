// What an operator sees when the server cannot start: one sentence and exit code 1, not a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDist } from './http-fixture.ts';

const ENTRY = fileURLToPath(new URL('../../server/index.ts', import.meta.url));

function run(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [ENTRY], { env: { ...process.env, HOST: '127.0.0.1', ...env } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.resume();
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

test('a port already in use prints one clear sentence and exits 1', async (t) => {
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const port = (busy.address() as AddressInfo).port;
  const dist = makeDist();
  t.after(() => {
    busy.close();
    rmSync(dist, { recursive: true, force: true });
  });
  const { code, stderr } = await run({ PORT: String(port), SP_DIST_DIR: dist });
  assert.equal(code, 1);
  assert.equal(stderr, `Port ${port} is in use; set PORT=… to use another.\n`);
});

test('a missing build prints one sentence saying to build first, and exits 1', async (t) => {
  const empty = mkdtempSync(join(tmpdir(), 'sp-empty-'));
  t.after(() => rmSync(empty, { recursive: true, force: true }));
  const { code, stderr } = await run({ PORT: '0', SP_DIST_DIR: empty });
  assert.equal(code, 1);
  assert.equal(stderr.trim().split('\n').length, 1);
  assert.match(stderr, /There is no built site in .*sp-empty-.*: run `npm run build` first, or `npm start`/);
});

test('a bad SP_TRUSTED_PROXIES entry prints one sentence naming it, and exits 1', async (t) => {
  const dist = makeDist();
  t.after(() => rmSync(dist, { recursive: true, force: true }));
  const { code, stderr } = await run({ PORT: '0', SP_DIST_DIR: dist, SP_TRUSTED_PROXIES: '10.0.0.0/8, nginx' });
  assert.equal(code, 1);
  assert.equal(stderr, 'SP_TRUSTED_PROXIES has "nginx", which is not an address or an address/prefix block\n');
});
