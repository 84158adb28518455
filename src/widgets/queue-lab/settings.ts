// The queue lab's settings: the broker's (shared by everyone in the lab) plus how long this page's consumers take
// per message. Read from and written to the URL as strings; anything unknown falls back to the default. Pure.
import { DEFAULT_QUEUE_SETTINGS, QUEUE_BOUNDS, type QueueSettings } from '../../contract/index.ts';

export interface LabSettings extends QueueSettings {
  /** How long each of this page's consumers works on one message (ms). */
  processingMs: number;
}

/** Only what the lab accepts: a choice outside the contract's bounds would be refused by the server. */
const within = (bounds: { min: number; max: number }) => (v: number | null) =>
  v === null || (v >= bounds.min && v <= bounds.max);

export const PREFETCH_CHOICES = [1, 2, 3, 5, 10].filter(within(QUEUE_BOUNDS.prefetch));
export const VISIBILITY_CHOICES = [2000, 5000, 10_000, 30_000].filter(within(QUEUE_BOUNDS.visibilityMs));
export const MAX_DELIVERY_CHOICES = [2, 3, 5, null].filter(within(QUEUE_BOUNDS.maxDeliveries));
export const PROCESSING_CHOICES = [300, 1000, 3000, 8000] as const;

/** The broker's defaults come from the contract (the server starts a lab with the same); the work time is ours. */
export const DEFAULT_SETTINGS: LabSettings = { ...DEFAULT_QUEUE_SETTINGS, processingMs: 1000 };

const pick = <T>(choices: readonly T[], value: T | undefined, fallback: T): T =>
  value !== undefined && choices.includes(value) ? value : fallback;
const num = (raw: string | undefined) => (raw === undefined || raw === '' ? undefined : Number(raw));
const flag = (raw: string | undefined, fallback: boolean) => (raw === 'on' ? true : raw === 'off' ? false : fallback);

/** URL keys: mode, ack, prefetch, vis, dlq, dedupe, work. */
export function settingsFromRecord(rec: Record<string, string>): LabSettings {
  const d = DEFAULT_SETTINGS;
  return {
    mode: rec.mode === 'fanout' || rec.mode === 'work' ? rec.mode : d.mode,
    ack: flag(rec.ack, d.ack),
    prefetch: pick(PREFETCH_CHOICES, num(rec.prefetch), d.prefetch),
    visibilityMs: pick(VISIBILITY_CHOICES, num(rec.vis), d.visibilityMs),
    maxDeliveries: rec.dlq === 'never' ? null : pick(MAX_DELIVERY_CHOICES, num(rec.dlq), d.maxDeliveries),
    dedupe: flag(rec.dedupe, d.dedupe),
    processingMs: pick(PROCESSING_CHOICES as readonly number[], num(rec.work), d.processingMs),
  };
}

export function settingsToRecord(s: LabSettings): Record<string, string> {
  return {
    mode: s.mode,
    ack: s.ack ? 'on' : 'off',
    prefetch: String(s.prefetch),
    vis: String(s.visibilityMs),
    dlq: s.maxDeliveries === null ? 'never' : String(s.maxDeliveries),
    dedupe: s.dedupe ? 'on' : 'off',
    work: String(s.processingMs),
  };
}

/** The part the server holds. */
export function brokerSettings(s: LabSettings): QueueSettings {
  const { processingMs: _unused, ...broker } = s;
  return broker;
}

export const seconds = (ms: number) => `${ms % 1000 === 0 ? ms / 1000 : (ms / 1000).toFixed(1)} s`;

/** One line that says what the broker will do, for the status under the controls. */
export function describeSettings(s: LabSettings): string {
  const mode =
    s.mode === 'work' ? 'Work queue: each message goes to one consumer' : 'Fan-out: every consumer gets its own copy';
  const ack = s.ack
    ? `consumers ack; unacked messages come back after ${seconds(s.visibilityMs)} or at once if the consumer disconnects; prefetch ${s.prefetch}`
    : 'auto-ack: a message counts as done the moment it is sent (at-most-once)';
  const dlq = s.maxDeliveries === null ? 'no dead-letter queue' : `dead-letter after ${s.maxDeliveries} deliveries`;
  return `${mode}; ${ack}; ${dlq}; dedupe ${s.dedupe ? 'on' : 'off'}.`;
}
