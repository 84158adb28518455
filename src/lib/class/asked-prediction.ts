// A widget prediction the teacher put to the class, between the banner (which holds the class connection and
// hears class:asked / class:revealed) and the widget with that element id (which shows the question and sends
// the student's prediction). Widgets load lazily, so the open question is kept here for one that mounts late.
import type { AckResult, AskedPoll } from '../../contract/index.ts';

export interface AskedPredictionState {
  poll: AskedPoll & { prediction: NonNullable<AskedPoll['prediction']> };
  /** Indices of the clients that really received it, once the teacher revealed it. */
  received: number[] | null;
}

type Listener = (state: AskedPredictionState) => void;
type Send = (pollId: string, choice: number) => Promise<AckResult<{ choice: number }>>;

let current: AskedPredictionState | null = null;
let send: Send | undefined;
const listeners = new Set<{ widgetId: string; fn: Listener }>();

const notify = () => {
  if (!current) return;
  for (const l of listeners) if (l.widgetId === current.poll.prediction.widgetId) l.fn(current);
};

/** The banner: the teacher asked (or the page rejoined while a question is open). */
export function predictionAsked(poll: AskedPoll, sender: Send): void {
  if (!poll.prediction) return;
  send = sender;
  const prediction = poll.prediction;
  const received = poll.revealed ? (prediction.received ?? current?.received ?? null) : null;
  current = { poll: { ...poll, prediction }, received };
  notify();
}

/** The banner: the teacher revealed who really received it. */
export function predictionRevealed(pollId: string, received: number[]): void {
  if (current?.poll.pollId !== pollId) return;
  current = { poll: { ...current.poll, revealed: true }, received };
  notify();
}

/** A widget: hear the questions meant for it (at once, if one is open). Returns the unsubscribe. */
export function watchPrediction(widgetId: string, fn: Listener): () => void {
  const entry = { widgetId, fn };
  listeners.add(entry);
  if (current?.poll.prediction.widgetId === widgetId) fn(current);
  return () => listeners.delete(entry);
}

/** A widget: send this student's prediction, a bit mask over the question's names (bit i: names[i] receives). */
export async function sendPrediction(pollId: string, mask: number): Promise<AckResult<{ choice: number }>> {
  if (!send || current?.poll.pollId !== pollId) {
    return { ok: false, error: 'This question is no longer open.', code: 'not-allowed' };
  }
  const res = await send(pollId, mask);
  if (res.ok && current?.poll.pollId === pollId) current = { ...current, poll: { ...current.poll, answered: mask } };
  return res;
}

export const maskOf = (names: readonly string[], chosen: readonly string[]): number =>
  names.reduce((mask, name, i) => (chosen.includes(name) ? mask | (1 << i) : mask), 0);

export const namesIn = (names: readonly string[], mask: number): string[] => names.filter((_, i) => mask & (1 << i));
