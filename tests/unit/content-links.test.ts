// Lessons were written by different hands: every prerequisite and every /lessons/<slug>/ link must name a
// lesson that exists, prerequisites must come earlier in the course, and every <Term id> must be in the glossary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GLOSSARY } from '../../src/data/glossary.ts';
import { stripNonContent } from '../../src/lib/course/activities.ts';

const dir = join(import.meta.dirname, '../../content/lessons');
const lessons = readdirSync(dir)
  .filter((f) => f.endsWith('.mdx'))
  .map((f) => {
    const text = readFileSync(join(dir, f), 'utf8');
    const front = text.split('---')[1] ?? '';
    const list = /^prerequisites:\s*\[(.*)\]\s*$/m.exec(front)?.[1] ?? '';
    return {
      slug: f.replace(/\.mdx$/, ''),
      text,
      order: Number(/^order:\s*(\d+)/m.exec(front)?.[1]),
      prerequisites: list
        .split(',')
        .map((s) => s.trim().replace(/^['"]|['"]$/g, ''))
        .filter(Boolean),
    };
  });
const bySlug = new Map(lessons.map((l) => [l.slug, l]));

test('there are lessons to check', () => assert.ok(lessons.length >= 10));

for (const lesson of lessons) {
  test(`${lesson.slug}: prerequisites exist and come earlier`, () => {
    for (const p of lesson.prerequisites) {
      const pre = bySlug.get(p);
      assert.ok(pre, `unknown prerequisite "${p}"`);
      assert.ok(pre.order < lesson.order, `"${p}" (order ${pre.order}) does not come before order ${lesson.order}`);
    }
  });

  test(`${lesson.slug}: every /lessons/ link and every <Term id> resolves`, () => {
    // MDX comments may name lessons still to come ({/* link: /lessons/scaling/ once it exists */}): not links.
    const body = stripNonContent(lesson.text);
    for (const m of body.matchAll(/\/lessons\/([a-z0-9-]+)\//g))
      assert.ok(bySlug.has(m[1]!), `link to missing lesson "${m[1]}"`);
    for (const m of lesson.text.matchAll(/<Term\s+id="([^"]+)"/g))
      assert.ok(m[1]! in GLOSSARY, `unknown glossary term "${m[1]}"`);
  });
}
