import { test } from 'node:test';
import assert from 'node:assert/strict';
import { containsPhrase, phraseFirst, phraseOf } from '../../src/lib/search/phrase.ts';

test('an unquoted phrase puts the page that contains it first; the others keep their order', () => {
  const pages = [
    { url: 'a', content: 'The head of the queue; a line of text.' },
    { url: 'b', content: 'Lines and heads, of course.' },
    { url: 'c', content: 'TCP has head-of-line blocking.' },
  ];
  assert.deepEqual(
    phraseFirst('head of line', pages).map((p) => p.url),
    ['c', 'a', 'b'],
  );
});

test('quoted or one-word queries are left in Pagefind’s order', () => {
  assert.equal(phraseOf('"head of line"'), null);
  assert.equal(phraseOf('socket'), null);
  assert.deepEqual(phraseOf('Head  of-Line'), ['head', 'of', 'line']);
  assert.equal(containsPhrase('heads of lines', ['head', 'of', 'line']), false);
});
