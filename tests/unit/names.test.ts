// Names learners choose: invisible and formatting characters refused, NFKC, look-alikes folded to one skeleton.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nameProblem, nameSkeleton, normaliseName } from '../../server/names.ts';
import { ClientNameSchema } from '../../server/schemas/common.ts';
import { NickSchema } from '../../server/schemas/chat.ts';

const INVISIBLES = [
  ['zero-width space', 'Ali\u200Bce'],
  ['zero-width joiner', 'Ali\u200Dce'],
  ['right-to-left override', '\u202EecilA'],
  ['soft hyphen', 'Ali\u00ADce'],
  ['braille blank', 'Alice\u2800'],
  ['hangul filler', '\u3164Alice'],
  ['variation selector', 'Alice\uFE0F'],
  ['line separator', 'Ali\u2028ce'],
  ['paragraph separator', 'Ali\u2029ce'],
  ['tag character', 'Alice\u{E0041}'],
  ['combining grapheme joiner', 'Ali\u034Fce'],
] as const;

test('invisible and formatting characters are refused, by the pure check and by both name schemas', () => {
  for (const [what, name] of INVISIBLES) {
    assert.ok(nameProblem(normaliseName(name)), what);
    assert.equal(ClientNameSchema.safeParse(name).success, false, `client name: ${what}`);
    assert.equal(NickSchema.safeParse(name).success, false, `nickname: ${what}`);
  }
  for (const name of ['Alice', 'José', 'Zoë', 'Анна', 'Σοφία', '李雷', 'Bob 2']) {
    assert.equal(nameProblem(name), undefined, name);
    assert.equal(ClientNameSchema.safeParse(name).success, true, name);
  }
});

test('names are kept in NFKC with single spaces', () => {
  assert.equal(normaliseName('  Ａｌｉｃｅ  '), 'Alice', 'fullwidth letters');
  assert.equal(normaliseName('𝐀𝐥𝐢𝐜𝐞'), 'Alice', 'mathematical bold');
  assert.equal(normaliseName('Ada \u00A0 \u3000Lovelace'), 'Ada Lovelace', 'no-break and ideographic spaces');
  assert.ok(nameProblem(normaliseName('Ada\tLovelace')), 'a tab is a control character, refused');
  assert.equal(ClientNameSchema.parse(' Ａｌｉｃｅ '), 'Alice');
});

test('look-alikes share a skeleton; different names do not', () => {
  const alice = nameSkeleton('Alice');
  for (const lookAlike of ['Аlice', 'Alicе', 'АLICE', 'alice', 'Ａlice', 'Alicé', 'A1ice', 'AIice', 'Αlice']) {
    assert.equal(nameSkeleton(lookAlike), alice, lookAlike);
  }
  assert.equal(nameSkeleton('Орра'), nameSkeleton('Oppa'), 'all-Cyrillic look-alike');
  for (const other of ['Alicia', 'Bob', 'Alice 2', 'Anna']) assert.notEqual(nameSkeleton(other), alice, other);
});
