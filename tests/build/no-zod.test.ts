// zod validates what arrives at the server; no browser chunk in dist/ may carry it (it would add its weight to
// a widget for nothing). Run after `npm run build`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { zodMarker } from './zod-signature.ts';

const dist = join(import.meta.dirname, '../../dist');

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.m?js$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

test('the zod signature finds zod 4, zod/mini and zod 3 in their real code, minified or not', () => {
  const zodDir = dirname(createRequire(import.meta.url).resolve('zod/package.json'));
  for (const file of ['v4/core/schemas.js', 'v4/classic/schemas.js', 'v4/mini/schemas.js', 'v3/types.js']) {
    assert.ok(zodMarker(readFileSync(join(zodDir, file), 'utf8')), `no zod marker in zod's own ${file}`);
  }
  // What esbuild leaves of zod 4's class registration once names are mangled.
  const minified = 'const a=b("$ZodType",(t,e)=>{t._zod.def=e});const c=b("$ZodString",(t,e)=>{a.init(t,e)});';
  assert.equal(zodMarker(minified), '"$ZodType"');
});

test('the zod signature does not fire on code that only mentions zod', () => {
  const innocent = 'const zodiac="ZodiacSign";import("./transport-inspector.js");// validated with zod on the server';
  assert.equal(zodMarker(innocent), null);
});

test('no browser chunk in dist/ contains zod', () => {
  assert.ok(existsSync(dist), 'run `npm run build` first');
  const files = jsFiles(dist);
  assert.ok(files.length > 0, 'dist/ holds no JavaScript: run `npm run build` first');
  const withZod = files.flatMap((f) => {
    const marker = zodMarker(readFileSync(f, 'utf8'));
    return marker ? [`${relative(dist, f)} (${marker})`] : [];
  });
  assert.deepEqual(withZod, [], `zod reached the browser: ${withZod.join(', ')}. Import types from src/contract/.`);
});
