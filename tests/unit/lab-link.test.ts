import { test } from 'node:test';
import assert from 'node:assert/strict';
import { labFromUrl, withLab } from '../../src/lib/socket/lab-link.ts';

const href = 'https://example.test/lessons/emitting-events/?lab-emit=abcd1234&lab-ns=zzzz9999#emit';

test('withLab replaces or removes one widget’s lab and keeps the other widgets’ labs and the hash', () => {
  const moved = withLab('emit', 'efgh5678', href);
  assert.equal(labFromUrl('emit', moved), 'efgh5678');
  assert.equal(labFromUrl('ns', moved), 'zzzz9999');
  assert.equal(new URL(moved).hash, '#emit');
  const dropped = withLab('emit', undefined, href);
  assert.equal(labFromUrl('emit', dropped), undefined);
  assert.equal(labFromUrl('ns', dropped), 'zzzz9999');
});
