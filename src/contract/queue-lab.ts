// The "Message queues" lesson: a broker per lab, producers and consumers as real sockets.
import type { Ack, Empty } from './common.ts';

export const QUEUE_MODES = ['work', 'fanout'] as const;
export type QueueMode = (typeof QUEUE_MODES)[number];

/** Bounds the lab accepts; the widget's controls offer values inside them. */
export const QUEUE_BOUNDS = {
  prefetch: { min: 1, max: 10 },
  maxDeliveries: { min: 1, max: 10 },
  visibilityMs: { min: 1000, max: 60_000 },
} as const;

/** Longest queue message text. */
export const QUEUE_MAX_TEXT_LENGTH = 40;

export interface QueueSettings {
  mode: QueueMode;
  /** true: consumers must ack (at-least-once); false: auto-ack on delivery (at-most-once). */
  ack: boolean;
  prefetch: number;
  /** Deliveries before a failing message is dead-lettered; null = never. */
  maxDeliveries: number | null;
  visibilityMs: number;
  dedupe: boolean;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = {
  mode: 'work',
  ack: true,
  prefetch: 1,
  maxDeliveries: 3,
  visibilityMs: 5000,
  dedupe: false,
};

export interface QueuePublishPayload {
  text: string;
  /** A poison message: every consumer in the widget fails on it. */
  poison?: boolean;
  dedupeKey?: string;
}

export interface QueueSettlePayload {
  tag: string;
  /** The queue version the delivery came from: tags restart when the queue is rebuilt. */
  version?: number;
}

export interface QueueNackPayload extends QueueSettlePayload {
  requeue?: boolean;
}

export type QueueLifecycleType =
  'enqueued' | 'delivered' | 'redelivered' | 'acked' | 'requeued' | 'dead-lettered' | 'deduped' | 'refused' | 'dropped';

export type QueueLifecycleReason =
  | 'auto-ack'
  | 'nack'
  | 'timeout'
  | 'consumer-removed'
  | 'handler-threw'
  | 'rejected'
  | 'max-deliveries'
  | 'max-depth'
  | 'duplicate'
  | 'no-subscribers';

export interface QueueLabStats {
  /** Ready (published, not yet delivered or made visible again) copies. */
  depth: number;
  /** Delivered, not yet acked copies. */
  inFlight: number;
  /** Currently held in the dead-letter queue. */
  deadLetters: number;
  published: number;
  delivered: number;
  redelivered: number;
  acked: number;
  deduped: number;
  refused: number;
  deadLettered: number;
  consumers: number;
}

/** Which broker runs the lab: this process's memory, or Redis Streams consumer groups on the shared Redis. */
export type QueueBrokerKind = 'in-memory' | 'redis-streams';

/** One command the Redis broker sent, shown in the widget's "Broker commands" log as it happens. */
export interface QueueBrokerCommand {
  version: number;
  /** The command and its arguments, as redis-cli would take them. */
  args: string[];
  /** A one-line summary of Redis's reply. */
  reply: string;
  /** Server clock (ms). */
  at: number;
}

export interface QueueConsumerInfo {
  id: string;
  name: string;
}

export interface QueueLabState {
  settings: QueueSettings;
  broker: QueueBrokerKind;
  /** Bumped every time the queue is rebuilt (settings changed): message ids start again. */
  version: number;
  consumers: QueueConsumerInfo[];
  stats: QueueLabStats;
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
  type: QueueLifecycleType;
  messageId: string;
  text?: string;
  poison?: boolean;
  consumer?: string;
  attempt: number;
  reason?: QueueLifecycleReason;
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
  'queue:configure': (payload: QueueSettings, ack: Ack<QueueLabState>) => void;
  'queue:state': (payload: Empty, ack: Ack<QueueLabState>) => void;
  'queue:subscribe': (payload: Empty, ack: Ack<QueueLabState>) => void;
  'queue:publish': (payload: QueuePublishPayload, ack: Ack<QueuePublishReceipt>) => void;
  'queue:ack': (payload: QueueSettlePayload, ack: Ack<{ settled: true }>) => void;
  'queue:nack': (payload: QueueNackPayload, ack: Ack<{ settled: true }>) => void;
}

export interface QueueLabServerEvents {
  'queue:deliver': (delivery: QueueDelivery) => void;
  'queue:event': (event: QueueLabEvent) => void;
  'queue:state': (state: QueueLabState) => void;
  'queue:command': (command: QueueBrokerCommand) => void;
}
