// The "Message queues" lesson: a broker per lab, producers and consumers as real sockets.
// Schemas validate what arrives; the interfaces describe what the server sends.
import { z } from 'zod';
import type { Ack } from './common.ts';
import type { LifecycleReason, LifecycleType, QueueMode, QueueStats } from '../store/queue.ts';

export const QUEUE_MODES = ['work', 'fanout'] as const satisfies readonly QueueMode[];

/** Bounds the lab accepts; the widget's controls offer values inside them. */
export const QUEUE_BOUNDS = {
  prefetch: { min: 1, max: 10 },
  maxDeliveries: { min: 1, max: 10 },
  visibilityMs: { min: 1000, max: 60_000 },
} as const;

export const QueueSettingsSchema = z
  .object({
    mode: z.enum(QUEUE_MODES),
    /** true: consumers must ack (at-least-once); false: auto-ack on delivery (at-most-once). */
    ack: z.boolean(),
    prefetch: z.number().int().min(QUEUE_BOUNDS.prefetch.min).max(QUEUE_BOUNDS.prefetch.max),
    /** Deliveries before a failing message is dead-lettered; null = never. */
    maxDeliveries: z.number().int().min(QUEUE_BOUNDS.maxDeliveries.min).max(QUEUE_BOUNDS.maxDeliveries.max).nullable(),
    visibilityMs: z.number().int().min(QUEUE_BOUNDS.visibilityMs.min).max(QUEUE_BOUNDS.visibilityMs.max),
    dedupe: z.boolean(),
  })
  .strict();

export type QueueSettings = z.output<typeof QueueSettingsSchema>;

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  mode: 'work',
  ack: true,
  prefetch: 1,
  maxDeliveries: 3,
  visibilityMs: 5000,
  dedupe: false,
};

const TextSchema = z
  .string()
  .trim()
  .min(1, 'the message is empty')
  .max(40, 'a queue message has at most 40 characters')
  .regex(/^[^\p{C}]+$/u, 'a message cannot contain control characters');

export const QueuePublishSchema = z
  .object({
    text: TextSchema,
    /** A poison message: every consumer in the widget fails on it. */
    poison: z.boolean().optional(),
    dedupeKey: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a dedupe key is up to 32 letters, digits, - or _').optional(),
  })
  .strict();

const TagSchema = z.string().regex(/^t\d{1,12}$/, 'a delivery tag looks like "t12"');
/** The queue version the delivery came from: tags restart when the queue is rebuilt, so an old tag must not settle a new message. */
const VersionSchema = z.number().int().min(1).optional();
export const QueueAckSchema = z.object({ tag: TagSchema, version: VersionSchema }).strict();
export const QueueNackSchema = z.object({ tag: TagSchema, version: VersionSchema, requeue: z.boolean().optional() }).strict();
export const QueueEmptySchema = z.object({}).strict();

export interface QueueConsumerInfo {
  id: string;
  name: string;
}

export interface QueueLabState {
  settings: QueueSettings;
  /** Bumped every time the queue is rebuilt (settings changed): message ids start again. */
  version: number;
  consumers: QueueConsumerInfo[];
  stats: QueueStats;
  maxDepth: number;
  /** Who changed the settings last, if anyone. */
  changedBy?: string;
}

/** What a consumer socket receives: one real emit per delivery. */
export interface QueueDelivery {
  /** Which queue (see QueueLabState.version) it came from; send it back with the ack. */
  version: number;
  tag: string;
  messageId: string;
  text: string;
  poison: boolean;
  attempt: number;
  redelivered: boolean;
}

/** A broker lifecycle event, with names instead of socket ids, pushed to everyone in the lab. */
export interface QueueLabEvent {
  version: number;
  type: LifecycleType;
  messageId: string;
  text?: string;
  poison?: boolean;
  consumer?: string;
  attempt: number;
  reason?: LifecycleReason;
  /** Server clock (ms). */
  at: number;
  depth: number;
  inFlight: number;
  deadLetters: number;
}

export type QueuePublishReceipt =
  | { status: 'enqueued'; messageId: string; copies: number }
  | { status: 'deduped'; messageId: string; dedupeKey: string }
  | { status: 'dropped'; messageId: string; reason: string }
  | { status: 'refused'; messageId: string; error: string };

export interface QueueLabClientEvents {
  'queue:configure': (payload: z.input<typeof QueueSettingsSchema>, ack: Ack<QueueLabState>) => void;
  'queue:state': (payload: z.input<typeof QueueEmptySchema>, ack: Ack<QueueLabState>) => void;
  'queue:subscribe': (payload: z.input<typeof QueueEmptySchema>, ack: Ack<QueueLabState>) => void;
  'queue:publish': (payload: z.input<typeof QueuePublishSchema>, ack: Ack<QueuePublishReceipt>) => void;
  'queue:ack': (payload: z.input<typeof QueueAckSchema>, ack: Ack<{ settled: true }>) => void;
  'queue:nack': (payload: z.input<typeof QueueNackSchema>, ack: Ack<{ settled: true }>) => void;
}

export interface QueueLabServerEvents {
  'queue:deliver': (delivery: QueueDelivery) => void;
  'queue:event': (event: QueueLabEvent) => void;
  'queue:state': (state: QueueLabState) => void;
}
