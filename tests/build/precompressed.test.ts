// Every compressible file the site serves has its brotli and gzip copies beside it, the search index included
// (it was written by a second command after the compression step, and went out uncompressed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.svg', '.json']);

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

test('the search index is in the build, with its script and styles precompressed', () => {
  assert.ok(existsSync(join(dist, 'pagefind/pagefind.js')), 'dist/pagefind/pagefind.js is missing: run npm run build');
  for (const name of ['pagefind.js', 'pagefind-worker.js']) {
    assert.ok(existsSync(join(dist, 'pagefind', name + '.br')), `${name}.br`);
    assert.ok(existsSync(join(dist, 'pagefind', name + '.gz')), `${name}.gz`);
  }
});

test('no compressible file over 1 KB lacks its .br and .gz copy', () => {
  const missing = [...files(dist)]
    .filter((p) => COMPRESSIBLE.has(extname(p)) && statSync(p).size >= 1024)
    .filter((p) => !existsSync(p + '.br') || !existsSync(p + '.gz'))
    .map((p) => relative(dist, p));
  assert.deepEqual(missing, []);
});
