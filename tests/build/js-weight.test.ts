// Build-size checks on dist/ (run after `npm run build`): lesson pages ship almost no JavaScript until a
// widget scrolls into view, and never the umbrella d3 bundle.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eagerScripts } from './js-weight.ts';

const dist = join(import.meta.dirname, '../../dist');
/** gzip bytes a lesson page may run before any widget loads (the lazy loaders, theme, terms, checks). */
const EAGER_BUDGET = 15 * 1024;

const lessonPages = existsSync(join(dist, 'lessons'))
  ? readdirSync(join(dist, 'lessons')).map((slug) => ({ slug, html: join(dist, 'lessons', slug, 'index.html') }))
  : [];

test('dist/ has been built with lessons', () => {
  assert.ok(lessonPages.length > 0, 'run `npm run build` first');
});

for (const { slug, html } of lessonPages) {
  test(`${slug}: eager JavaScript stays under ${EAGER_BUDGET / 1024} KB gzip and holds no socket or D3 code`, () => {
    const weight = eagerScripts(dist, html);
    assert.ok(weight.gzipBytes <= EAGER_BUDGET, `${weight.gzipBytes} B gzip eager JS (${weight.files.join(', ')})`);
    // Markers from the libraries' code, not their file names: Vite's preload map names lazy chunks as strings.
    assert.ok(!/\.EIO=|query\.EIO/.test(weight.source), 'socket.io-client (engine.io-client) is loaded eagerly');
    assert.ok(!/__data__/.test(weight.source), 'd3-selection is loaded eagerly');
  });
}
