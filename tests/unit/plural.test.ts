import { test } from 'node:test';
import assert from 'node:assert/strict';
import { count, countOf } from '../../src/lib/plural.ts';
import { describeLesson } from '../../src/lib/progress/store.ts';
import { dissect } from '../../src/lib/net/dissect.ts';

test('count puts the noun in the right number', () => {
  assert.equal(count(1, 'byte'), '1 byte');
  assert.equal(count(0, 'byte'), '0 bytes');
  assert.equal(count(2, 'reply', 'replies'), '2 replies');
  assert.equal(countOf(0, 1, 'exercise'), '0 of 1 exercise');
  assert.equal(countOf(1, 3, 'exercise'), '1 of 3 exercises');
});

test('progress lines say "0 of 1 exercise", never "0 of 1 exercises"', () => {
  const line = describeLesson({
    status: 'started',
    checksRight: 1,
    checksTotal: 1,
    triesDone: 0,
    triesTotal: 1,
  } as never);
  assert.match(line, /1 of 1 self-check right, 0 of 1 exercise done/);
});

test('a one-byte payload is "1 byte"', () => {
  const d = dissect(new Uint8Array([0x41]), 'payload' as never);
  assert.doesNotMatch(JSON.stringify(d), /\b1 bytes\b/);
});
