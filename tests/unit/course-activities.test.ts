import { test } from 'node:test';
import assert from 'node:assert/strict';
import { componentIds, lessonActivities, termUsage } from '../../src/lib/course/activities.ts';

const LESSON = `---
title: X
---
import W from '../w.astro';

In <Term id="socket-io">Socket.IO</Term>, a <Term id='event'>event</Term> and <Term id="socket-io" /> again.

<Try id="t-1" title="Predict" goal="emit:others">
  Send it. See <Term id="broadcast">broadcast</Term>.
</Try>

<Check
  question="Who gets \`socket.emit(&quot;x&quot;)\` when (a) => b?"
  id="c-1"
  choices={[{ text: 'A', correct: true, why: 'id="not-this"' }]}
/>

<Check id={"c-2"} question="Q" choices={[]} />
<Try
  title="Later"
  id="t-2">body</Try>

\`\`\`mdx
<Check id="in-code" />
\`\`\`

{/* <Try id="commented" /> */}
<Checkpoint id="not-a-check" />
`;

test('finds check, try and term ids wherever the id attribute sits, once each', () => {
  assert.deepEqual(lessonActivities(LESSON), {
    checks: ['c-1', 'c-2'],
    tries: ['t-1', 't-2'],
    terms: ['socket-io', 'event', 'broadcast'],
  });
});

test('ignores code blocks, comments and components whose name only starts the same', () => {
  const ids = componentIds(LESSON, 'Check');
  assert.ok(!ids.includes('in-code'));
  assert.ok(!ids.includes('not-a-check'));
  assert.ok(!componentIds(LESSON, 'Try').includes('commented'));
});

test('a lesson with none has empty lists', () => {
  assert.deepEqual(lessonActivities('# Just text\n\nNo components.'), { checks: [], tries: [], terms: [] });
});

test('term usage lists the lessons that mark each term, in course order', () => {
  const usage = termUsage([
    { id: 'a', title: 'A', href: '/lessons/a/', body: '<Term id="tcp">TCP</Term> <Term id="udp" />' },
    { id: 'b', title: 'B', href: '/lessons/b/', body: '<Term id="tcp">TCP</Term>' },
  ]);
  assert.deepEqual(
    usage.get('tcp')?.map((l) => l.id),
    ['a', 'b'],
  );
  assert.deepEqual(
    usage.get('udp')?.map((l) => l.id),
    ['a'],
  );
  assert.equal(usage.get('socket'), undefined);
});
