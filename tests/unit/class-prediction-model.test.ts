// The pure parts of a widget prediction put to the class: predictions as bit masks over the widget's client
// names and back, and the dashboard's bars, which mark every client that really received it once revealed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PollTally } from '../../src/contract/class.ts';
import { maskOf, namesIn } from '../../src/lib/class/asked-prediction.ts';
import { pollBars } from '../../src/lib/class/dashboard-model.ts';

const NAMES = ['Ana', 'Ben', 'Cleo', 'Dev'];

test('class prediction: a set of names is a bit mask over the widget’s clients, and back', () => {
  assert.equal(maskOf(NAMES, []), 0, 'nobody');
  assert.equal(maskOf(NAMES, ['Ana']), 1);
  assert.equal(maskOf(NAMES, ['Cleo', 'Ana']), 0b0101);
  assert.equal(maskOf(NAMES, ['Eve']), 0, 'a name the question does not have counts for nothing');
  assert.deepEqual(namesIn(NAMES, 0b1010), ['Ben', 'Dev']);
  for (let mask = 0; mask < 16; mask++) assert.equal(maskOf(NAMES, namesIn(NAMES, mask)), mask);
});

test('class prediction: the dashboard marks no bar before the reveal, and every receiver after it', () => {
  const tally: PollTally = {
    pollId: 'p1',
    checkId: 'rooms-lab',
    lesson: null,
    choices: 4,
    question: 'q',
    labels: NAMES,
    correct: null,
    counts: [1, 0, 3, 2],
    answered: 3,
    delivered: 3,
    revealed: false,
    prediction: { widgetId: 'rooms-lab', received: null, exact: null },
  };
  assert.deepEqual(
    pollBars(tally).map((b) => b.correct),
    [false, false, false, false],
  );
  const revealed = { ...tally, revealed: true, prediction: { widgetId: 'rooms-lab', received: [2, 3], exact: 1 } };
  assert.deepEqual(
    pollBars(revealed).map((b) => [b.label, b.count, b.correct]),
    [
      ['Ana', 1, false],
      ['Ben', 0, false],
      ['Cleo', 3, true],
      ['Dev', 2, true],
    ],
  );
});
