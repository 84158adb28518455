// Every lesson teaches with at least two self-checks and one exercise, ends with a "Further reading" list, and
// links only Socket.IO docs pages someone has checked (src/data/socketio-docs.ts). The rule is a pure function, so
// it is tested on bad samples first: a rule that cannot fail would guard nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { lessonActivities, stripNonContent } from '../../src/lib/course/activities.ts';
import { SOCKET_IO_DOCS, normaliseDocsUrl } from '../../src/data/socketio-docs.ts';

const KNOWN = new Set<string>(SOCKET_IO_DOCS);

/** What is wrong with one lesson's MDX, as sentences; empty when it follows the rules. */
export function contentProblems(mdx: string): string[] {
  const problems: string[] = [];
  const { checks, tries } = lessonActivities(mdx);
  if (checks.length < 2) problems.push(`only ${checks.length} self-check(s); a lesson needs at least 2`);
  if (tries.length < 1) problems.push('no exercise (<Try>)');
  const body = stripNonContent(mdx);
  if (!/^## Further reading\s*$/m.test(body)) problems.push('no "## Further reading" section');
  for (const m of body.matchAll(/https?:\/\/(?:www\.)?socket\.io\/docs\/[^\s)"'<>\]]*/gi)) {
    const url = normaliseDocsUrl(
      m[0]
        .replace(/^http:/i, 'https:')
        .replace('://www.', '://')
        .toLowerCase(),
    );
    if (!KNOWN.has(url)) problems.push(`links a Socket.IO docs page not on the allow-list: ${m[0]}`);
  }
  return problems;
}

const GOOD = `
<Check id="a-1" question="Q" choices={[]} />
<Check id="a-2" question="Q" choices={[]} />
<Try id="a-t" title="T">Do it.</Try>
See [rooms](https://socket.io/docs/v4/rooms/) and [the cheatsheet](https://socket.io/docs/v4/emit-cheatsheet/#x).

## Further reading

- [Namespaces](https://socket.io/docs/v4/namespaces/): what a namespace is.
`;

test('a lesson that follows the rules has no problems', () => assert.deepEqual(contentProblems(GOOD), []));

test('too few checks, no exercise and no further reading are each reported', () => {
  const bad = '<Check id="b-1" question="Q" choices={[]} />\n\n## Summary\n\nDone.\n';
  const problems = contentProblems(bad);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0]!, /only 1 self-check/);
  assert.match(problems[1]!, /no exercise/);
  assert.match(problems[2]!, /Further reading/);
});

test('checks and exercises inside comments or code do not count', () => {
  const hidden = GOOD.replace('<Check id="a-2"', '{/* <Check id="a-2" */}');
  assert.ok(contentProblems(hidden).some((p) => /only 1 self-check/.test(p)));
});

test('a Socket.IO docs page that is not on the allow-list is reported, a known one in any form is not', () => {
  const extra = '\n- [Old](https://socket.io/docs/v2/rooms/): v2.\n- [Made up](https://socket.io/docs/v4/nope)';
  const unknown = GOOD + extra;
  const problems = contentProblems(unknown);
  assert.equal(problems.length, 2, problems.join('\n'));
  assert.ok(problems.every((p) => p.includes('allow-list')));
  const otherForm = GOOD.replace('https://socket.io/docs/v4/rooms/', 'http://www.socket.io/docs/v4/rooms');
  assert.deepEqual(contentProblems(otherForm), []);
});

test('every allow-listed page is written in the normal form', () => {
  for (const url of SOCKET_IO_DOCS) assert.equal(normaliseDocsUrl(url), url);
});

/** Check and Try ids used by more than one lesson (progress is keyed by id, so a shared id would mix lessons). */
export function sharedIds(lessons: Array<{ slug: string; mdx: string }>): string[] {
  const owner = new Map<string, string>();
  const shared: string[] = [];
  for (const { slug, mdx } of lessons) {
    const { checks, tries } = lessonActivities(mdx);
    for (const id of [...checks, ...tries]) {
      const first = owner.get(id);
      if (first === undefined) owner.set(id, slug);
      else shared.push(`"${id}" in ${first} and ${slug}`);
    }
  }
  return shared;
}

test('an id used in two lessons, or twice in one, is reported', () => {
  const a = { slug: 'a', mdx: '<Check id="x-1" question="Q" choices={[]} /><Try id="x-t" title="T">b</Try>' };
  const b = { slug: 'b', mdx: '<Try id="x-1" title="T">b</Try>' };
  assert.deepEqual(sharedIds([a, b]), ['"x-1" in a and b']);
  assert.deepEqual(sharedIds([a, { slug: 'c', mdx: '<Try id="c-1" title="T">b</Try>' }]), []);
  const twice = { slug: 'd', mdx: '<Check id="d" question="Q" choices={[]} /><Try id="d" title="T">b</Try>' };
  assert.deepEqual(sharedIds([twice]), ['"d" in d and d']);
});

const dir = join(import.meta.dirname, '../../content/lessons');
const files = readdirSync(dir).filter((f) => f.endsWith('.mdx'));

test('there are lessons to check', () => assert.ok(files.length >= 10));

for (const file of files) {
  test(`${file.replace(/\.mdx$/, '')}: two checks, an exercise, further reading, known docs links`, () => {
    assert.deepEqual(contentProblems(readFileSync(join(dir, file), 'utf8')), []);
  });
}

test('every check and exercise id is unique in the course', () => {
  const lessons = files.map((f) => ({ slug: f.replace(/\.mdx$/, ''), mdx: readFileSync(join(dir, f), 'utf8') }));
  assert.deepEqual(sharedIds(lessons), []);
});
