import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  emptyProgress,
  parseProgress,
  serializeProgress,
  reduceProgress,
  summarizeLesson,
  summarizeCourse,
  describeLesson,
  type Progress,
} from '../../src/lib/progress/store.ts';

const totals = { id: 'emitting-events', checks: ['c1', 'c2'], tries: ['t1'] };
const run = (...actions: Parameters<typeof reduceProgress>[1][]) => actions.reduce(reduceProgress, emptyProgress());

test('visits, right answers and ticks accumulate; a later wrong answer keeps the right one', () => {
  const p = run(
    { type: 'visit', lesson: 'emitting-events' },
    { type: 'check', lesson: 'emitting-events', id: 'c1', correct: true, choice: 2 },
    { type: 'check', lesson: 'emitting-events', id: 'c1', correct: false, choice: 0 },
    { type: 'check', lesson: 'emitting-events', id: 'c2', correct: false, choice: 1 },
    { type: 'try', lesson: 'emitting-events', id: 't1', done: true },
  );
  assert.deepEqual(p.lessons['emitting-events'], { visited: true, checks: { c1: 2 }, tries: { t1: true } });
  const s = summarizeLesson(p, totals);
  assert.equal(s.status, 'started');
  assert.equal(s.fraction, 3 / 4);
  assert.equal(describeLesson(s), 'In progress: 1 of 2 self-checks right, 1 of 1 exercise done');
});

test('unticking an exercise takes it back; reset forgets everything', () => {
  let p = run({ type: 'try', lesson: 'l', id: 't', done: true }, { type: 'try', lesson: 'l', id: 't', done: false });
  assert.deepEqual(p.lessons.l.tries, {});
  p = reduceProgress(run({ type: 'visit', lesson: 'l' }), { type: 'reset' });
  assert.deepEqual(p, emptyProgress());
});

test('the reducer never mutates its input and a repeated visit returns the same state', () => {
  const before = run({ type: 'visit', lesson: 'l' });
  const frozen = JSON.stringify(before);
  assert.equal(reduceProgress(before, { type: 'visit', lesson: 'l' }), before);
  reduceProgress(before, { type: 'try', lesson: 'l', id: 't', done: true });
  assert.equal(JSON.stringify(before), frozen);
});

test('a lesson is done when visited with every check right and every exercise ticked', () => {
  const p = run(
    { type: 'visit', lesson: 'emitting-events' },
    { type: 'check', lesson: 'emitting-events', id: 'c1', correct: true, choice: 0 },
    { type: 'check', lesson: 'emitting-events', id: 'c2', correct: true, choice: 1 },
    { type: 'try', lesson: 'emitting-events', id: 't1', done: true },
    { type: 'check', lesson: 'emitting-events', id: 'removed-from-lesson', correct: true, choice: 0 },
  );
  const s = summarizeLesson(p, totals);
  assert.equal(s.status, 'done');
  assert.equal(s.checksRight, 2, 'ids the lesson no longer has are not counted');
  assert.deepEqual(summarizeCourse(p, [totals, { id: 'other', checks: ['x'], tries: [] }]), {
    lessonsDone: 1,
    lessonsStarted: 1,
    lessonsTotal: 2,
    checksRight: 2,
    checksTotal: 3,
    triesDone: 1,
    triesTotal: 1,
  });
  assert.equal(describeLesson(summarizeLesson(p, { id: 'other', checks: ['x'], tries: [] })), 'Not started');
});

test('serialisation round-trips', () => {
  const p = run(
    { type: 'visit', lesson: 'a' },
    { type: 'check', lesson: 'a', id: 'c', correct: true, choice: 3 },
    { type: 'try', lesson: 'b', id: 't', done: true },
  );
  assert.deepEqual(parseProgress(serializeProgress(p)), p);
});

test('bad stored data becomes an empty (or cleaned) record, never an exception', () => {
  for (const raw of [null, '', '{', 'null', '[]', '42', '{"v":2,"lessons":{}}', '{"v":1}', '{"v":1,"lessons":[]}']) {
    assert.deepEqual(parseProgress(raw), emptyProgress(), String(raw));
  }
  const messy = JSON.stringify({
    v: 1,
    lessons: { a: { visited: 'yes', checks: { c: -1, d: 1.5, e: 2, f: '3' }, tries: { t: 1, u: true } }, b: 7 },
  });
  const expected: Progress = { v: 1, lessons: { a: { visited: false, checks: { e: 2 }, tries: { u: true } } } };
  assert.deepEqual(parseProgress(messy), expected);
});
