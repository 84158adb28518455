import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fieldMarksText,
  illustrativeList,
  illustrativeSentence,
  VERDICT_TAG,
  VERDICT_TEXT,
} from '../../src/lib/net/marks.ts';

test('one wording for checksum verdicts, in tags and in running text', () => {
  assert.deepEqual(VERDICT_TEXT, { ok: 'correct', bad: 'wrong', unverifiable: 'cannot be checked here' });
  for (const v of ['ok', 'bad', 'unverifiable'] as const) assert.ok(VERDICT_TAG[v].endsWith(VERDICT_TEXT[v]), v);
  assert.equal(fieldMarksText({ status: 'ok' }), ' (checksum correct)');
  assert.equal(fieldMarksText({ status: 'bad', illustrative: true }), ' (illustrative) (checksum wrong)');
  assert.equal(fieldMarksText({}), '');
});

test('illustrative values are named the same way as a tag and as a sentence', () => {
  assert.equal(illustrativeList(['sequence number', 'window']), 'illustrative: sequence number, window');
  assert.equal(illustrativeSentence(['TTL']), 'Illustrative: TTL.');
});
