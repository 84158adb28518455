// What the queue lab knows, built only from the broker's lifecycle events the server pushed: one row per message
// with a mark per event, and the queue depth over time. Pure: no DOM, no socket.
import type { QueueLabEvent } from '../../contract/index.ts';

export type MarkType = QueueLabEvent['type'];

export interface Mark {
  type: MarkType;
  /** Server clock (ms). */
  at: number;
  consumer?: string;
  attempt: number;
  reason?: string;
}

export type MessageState = 'ready' | 'in-flight' | 'done' | 'dead' | 'deduped' | 'refused' | 'dropped';

export interface MessageRow {
  id: string;
  text: string;
  poison: boolean;
  marks: Mark[];
  state: MessageState;
  /** Consumers it was delivered to, in order (a name twice means it came back to the same one). */
  deliveredTo: string[];
}

export interface DepthPoint {
  at: number;
  depth: number;
  inFlight: number;
}

export interface QueueView {
  version: number;
  rows: MessageRow[];
  depth: DepthPoint[];
  deadLetters: Array<{ id: string; text: string; attempts: number }>;
  /** Ready and in flight right after the latest event. */
  now: DepthPoint | undefined;
}

export const MAX_ROWS = 40;
export const MAX_POINTS = 400;

export const emptyView = (version = 0): QueueView => ({
  version,
  rows: [],
  depth: [],
  deadLetters: [],
  now: undefined,
});

function stateAfter(row: MessageRow, e: QueueLabEvent): MessageState {
  switch (e.type) {
    case 'enqueued':
      // Fan-out enqueues one copy per subscriber; a later copy does not undo an earlier one's progress.
      return row.marks.length > 0 ? row.state : 'ready';
    case 'requeued':
      return 'ready';
    case 'delivered':
    case 'redelivered':
      return 'in-flight';
    case 'acked':
      return 'done';
    case 'dead-lettered':
      return 'dead';
    case 'deduped':
    case 'refused':
    case 'dropped':
      return row.marks.length > 0 ? row.state : e.type;
  }
}

/** Folds one event in. Events of an older queue (before a settings change) are ignored; a newer one starts afresh. */
export function applyEvent(view: QueueView, e: QueueLabEvent): QueueView {
  if (e.version < view.version) return view;
  const base = e.version > view.version ? emptyView(e.version) : view;
  const mark: Mark = { type: e.type, at: e.at, consumer: e.consumer, attempt: e.attempt, reason: e.reason };
  // A deduped publish is its own row: it is a second message that never entered the queue.
  const existing = base.rows.find((r) => r.id === e.messageId);
  const row: MessageRow = existing ?? {
    id: e.messageId,
    text: e.text ?? e.messageId,
    poison: e.poison ?? false,
    marks: [],
    state: 'ready',
    deliveredTo: [],
  };
  const next: MessageRow = {
    ...row,
    marks: [...row.marks, mark],
    state: stateAfter(row, e),
    deliveredTo:
      (e.type === 'delivered' || e.type === 'redelivered') && e.consumer
        ? [...row.deliveredTo, e.consumer]
        : row.deliveredTo,
  };
  const rows = existing ? base.rows.map((r) => (r === existing ? next : r)) : [...base.rows, next].slice(-MAX_ROWS);
  const point = { at: e.at, depth: e.depth, inFlight: e.inFlight };
  const deadLetters =
    e.type === 'dead-lettered'
      ? [...base.deadLetters, { id: e.messageId, text: next.text, attempts: e.attempt }].slice(-MAX_ROWS)
      : base.deadLetters;
  return { ...base, rows, depth: [...base.depth, point].slice(-MAX_POINTS), deadLetters, now: point };
}

/** The message was handed back because its consumer disconnected, and then reached someone else. */
export function redeliveredAfterCrash(row: MessageRow): boolean {
  const i = row.marks.findIndex((m) => m.type === 'requeued' && m.reason === 'consumer-removed');
  if (i === -1) return false;
  const crashed = row.marks[i]!.consumer;
  return row.marks.slice(i + 1).some((m) => m.type === 'redelivered' && m.consumer !== crashed);
}

const q = (text: string) => `“${text}”`;

/** The event in words, for the event log (the widget's text alternative). */
export function describeEvent(e: QueueLabEvent): string {
  const what = q(e.text ?? e.messageId);
  const who = e.consumer ?? 'a consumer';
  const tail = ` Ready: ${e.depth}, in flight: ${e.inFlight}.`;
  switch (e.type) {
    case 'enqueued':
      return `${what} enqueued${e.consumer ? ` (a copy for ${who})` : ''}.${tail}`;
    case 'delivered':
      return `${what} delivered to ${who}.${tail}`;
    case 'redelivered':
      return `${what} delivered again, to ${who} (attempt ${e.attempt}).${tail}`;
    case 'acked':
      return e.reason === 'auto-ack'
        ? `${what} auto-acked as it left: the broker has already forgotten it.`
        : `${who} acked ${what}: the broker deletes it.${tail}`;
    case 'requeued':
      switch (e.reason) {
        case 'consumer-removed':
          return `${who} disconnected holding ${what}: the broker hands it back at once, without waiting for the visibility timeout.${tail}`;
        case 'timeout':
          return `${who} did not ack ${what} within the visibility timeout: it is visible again.${tail}`;
        case 'nack':
          return `${who} failed on ${what} and said so (nack): back in the queue.${tail}`;
        default:
          return `${what} is back in the queue (${e.reason ?? 'retry'}).${tail}`;
      }
    case 'dead-lettered':
      return e.reason === 'max-deliveries'
        ? `${what} failed ${e.attempt} times: moved to the dead-letter queue (${e.deadLetters} there).`
        : `${what} was rejected: moved to the dead-letter queue (${e.deadLetters} there).`;
    case 'deduped':
      return `A second ${what} with a dedupe key the broker has already seen was dropped. Nothing enqueued.`;
    case 'refused':
      return `The queue is full, so publishing ${what} was refused: the producer must slow down (backpressure).`;
    case 'dropped':
      return `Nobody is subscribed, so fan-out had no one to copy ${what} to: dropped.`;
  }
}
