import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { contrast, hexTokens, parseHex } from '../../src/lib/colour/contrast.ts';
import { GRAPH_TEXT_PAIRS } from '../../src/widgets/rooms-explorer/palette.ts';

const css = readFileSync(new URL('../../src/styles/global.css', import.meta.url), 'utf8');
const darkAt = css.indexOf(":root[data-theme='dark']");
const light = hexTokens(css.slice(0, darkAt));
const dark = { ...light, ...hexTokens(css.slice(darkAt, css.indexOf('}', darkAt))) };

test('contrast follows WCAG 2: black on white is 21, a colour on itself is 1, order does not matter', () => {
  assert.equal(contrast('#000', '#ffffff'), 21);
  assert.equal(contrast('#2f5bd3', '#2f5bd3'), 1);
  assert.equal(contrast('#767676', '#fff').toFixed(2), '4.54'); // the usual smallest grey that passes on white
  assert.equal(contrast('#fff', '#767676'), contrast('#767676', '#fff'));
  assert.deepEqual(parseHex('#0a0B0c'), [10, 11, 12]);
  assert.throws(() => parseHex('var(--x)'));
});

for (const [name, theme] of [
  ['light', light],
  ['dark', dark],
] as const) {
  test(`rooms graph: every text over a fill reaches 4.5:1 in the ${name} theme`, () => {
    for (const [what, text, fill] of GRAPH_TEXT_PAIRS) {
      assert.ok(theme[text] && theme[fill], `${text} and ${fill} are theme colours`);
      const ratio = contrast(theme[text]!, theme[fill]!);
      assert.ok(ratio >= 4.5, `${what}: ${text} on ${fill} is ${ratio.toFixed(2)}:1`);
    }
  });
}
