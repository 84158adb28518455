import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excerptSegments, decodeEntities } from '../../src/lib/search/excerpt.ts';

test('marks become marked segments and entities are decoded', () => {
  assert.deepEqual(excerptSegments('calls <mark>socket.broadcast.emit</mark> &amp; &lt;b&gt; it'), [
    { text: 'calls ', mark: false },
    { text: 'socket.broadcast.emit', mark: true },
    { text: ' & <b> it', mark: false },
  ]);
});

test('other tags are dropped, never kept as markup', () => {
  const segments = excerptSegments('a <img src=x onerror=alert(1)><mark>b</mark>');
  assert.deepEqual(segments, [
    { text: 'a ', mark: false },
    { text: 'b', mark: true },
  ]);
});

test('numeric entities decode; unknown ones stay as written', () => {
  assert.equal(decodeEntities('&#39;&#x27;&#8217;&bogus;'), "''\u2019&bogus;");
});
