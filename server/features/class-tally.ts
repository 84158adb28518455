// What a poll adds up to, as the teacher's dashboard and the students' pages see it: pure, from the stored poll.
// Only counts ever leave the server; the right answer (or, for a widget prediction, who really received the
// emit) only once the poll is revealed.
import type { AskedPoll, PollTally } from '../../src/contract/index.ts';
import { tallyOf, type PollRecord } from '../store/class-store.ts';

/** A set of client indices as a bit mask, and back: a prediction's answer is the set of clients a student ticked. */
export const maskOf = (indices: number[]) => indices.reduce((mask, i) => mask | (1 << i), 0);
export const indicesOf = (mask: number, n: number) => [...Array(n).keys()].filter((i) => mask & (1 << i));

/** `delivered`: how many student pages acknowledged the question, once known. */
export function tallyFor(poll: PollRecord, delivered: number | null): PollTally {
  if (poll.prediction) return predictionTally(poll, poll.prediction, delivered);
  const counts = tallyOf(poll);
  return {
    pollId: poll.id,
    checkId: poll.checkId,
    lesson: poll.lesson,
    choices: poll.choices,
    question: poll.question,
    labels: poll.labels,
    correct: poll.revealed ? poll.correct : null,
    counts,
    answered: counts.reduce((a, b) => a + b, 0),
    delivered,
    revealed: poll.revealed,
  };
}

/** Per client name, how many students predicted it receives; the truth and the exact hits only once revealed. */
function predictionTally(
  poll: PollRecord,
  prediction: NonNullable<PollRecord['prediction']>,
  delivered: number | null,
): PollTally {
  const { names, widgetId } = prediction;
  const answers = Object.values(poll.answers);
  const counts = names.map((_, i) => answers.filter((mask) => mask & (1 << i)).length);
  return {
    pollId: poll.id,
    checkId: poll.checkId,
    lesson: poll.lesson,
    choices: names.length,
    question: poll.question,
    labels: names,
    correct: null,
    counts,
    answered: answers.length,
    delivered,
    revealed: poll.revealed,
    prediction: {
      widgetId,
      received: poll.revealed ? indicesOf(poll.correct, names.length) : null,
      exact: poll.revealed ? answers.filter((mask) => mask === poll.correct).length : null,
    },
  };
}

/** A prediction as a student's page sees it: who received it only once it is revealed. */
export function askedPrediction(poll: PollRecord, p: NonNullable<PollRecord['prediction']>): AskedPoll['prediction'] {
  const received = poll.revealed ? { received: indicesOf(poll.correct, p.names.length) } : {};
  return { ...p, question: poll.question, ...received };
}
