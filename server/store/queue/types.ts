import type { Clock } from '../../clock.ts';

/**
 * work:   competing consumers; each message goes to exactly one consumer.
 * fanout: publish/subscribe; each group gets its own copy, and consumers
 *         inside one group compete for that copy (a consumer with no group
 *         option is a group of one).
 */
export type QueueMode = 'work' | 'fanout';

export interface QueueOptions {
  clock: Clock;
  mode: QueueMode;
  /** false = auto-ack on delivery (at-most-once); true = consumer must ack (at-least-once). */
  ack: boolean;
  /** Unacked deliveries become visible again after this long. Default Infinity (never). */
  visibilityTimeoutMs?: number;
  /** Max unacked deliveries per consumer. Default Infinity. Ignored when ack is off. */
  prefetch?: number;
  /** Deliveries allowed before a failing message is dead-lettered. Default Infinity. */
  maxDeliveries?: number;
  /** Drop a publish whose dedupeKey (or id) was accepted within dedupeWindowMs. */
  dedupe?: boolean;
  dedupeWindowMs?: number;
  maxDedupeKeys?: number;
  /** Max messages one group holds (ready + in flight); beyond it publish is refused. */
  maxDepth: number;
  /** Dead-letter queue cap; the oldest dead letter is dropped beyond it. */
  maxDeadLetters?: number;
}

export interface PublishInput<T> {
  id?: string;
  body: T;
  /** Defaults to `id` when dedupe is on; a message with neither cannot be deduped. */
  dedupeKey?: string;
}

export type PublishResult =
  | { status: 'enqueued'; messageId: string; copies: number }
  | { status: 'deduped'; messageId: string; dedupeKey: string }
  | { status: 'dropped'; messageId: string; reason: 'no-subscribers' }
  | {
      status: 'refused';
      messageId: string;
      reason: 'max-depth';
      error: string;
      group: string;
      held: number;
      maxDepth: number;
    };

export interface Delivery<T> {
  /** Proves ownership when acking; stale once the delivery times out. */
  deliveryTag: string;
  messageId: string;
  body: T;
  /** 1 on first delivery, 2+ on redeliveries of the same copy. */
  attempt: number;
  redelivered: boolean;
  consumerId: string;
  group: string;
}

export type DeliverFn<T> = (delivery: Delivery<T>) => void;

export interface ConsumerOptions {
  /** fanout only: consumers sharing a group share one copy of each message. */
  group?: string;
}

export type SettleResult = { ok: true } | { ok: false; reason: 'unknown-consumer' | 'unknown-tag'; error: string };

export type LifecycleType =
  'enqueued' | 'delivered' | 'redelivered' | 'acked' | 'requeued' | 'dead-lettered' | 'deduped' | 'refused' | 'dropped';

export type LifecycleReason =
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

export interface LifecycleEvent {
  type: LifecycleType;
  messageId: string;
  consumerId?: string;
  group?: string;
  attempt: number;
  at: number;
  reason?: LifecycleReason;
  /** Ready messages across all groups right after the event: plot it over time. */
  depth: number;
  inFlight: number;
}

export type LifecycleListener = (event: LifecycleEvent) => void;

export interface QueueStats {
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

export interface DeadLetter<T> {
  messageId: string;
  body: T;
  group: string;
  attempts: number;
  reason: LifecycleReason;
  at: number;
}

export interface QueueSnapshot {
  groups: Array<{ group: string; ready: string[]; consumers: Array<{ id: string; inFlight: string[] }> }>;
}

/**
 * What the lab's Socket.IO layer and widget depend on. Synchronous because
 * the in-memory broker is stepped like a simulation; a Redis-backed broker
 * would need a Promise-returning variant of this interface.
 */
export interface MessageQueue<T> {
  publish(input: PublishInput<T>): PublishResult;
  addConsumer(id: string, deliver: DeliverFn<T>, options?: ConsumerOptions): void;
  removeConsumer(id: string): boolean;
  ack(consumerId: string, deliveryTag: string): SettleResult;
  nack(consumerId: string, deliveryTag: string, options?: { requeue?: boolean }): SettleResult;
  tick(): number;
  onLifecycle(listener: LifecycleListener): () => void;
  stats(): QueueStats;
  deadLetters(): Array<DeadLetter<T>>;
  snapshot(): QueueSnapshot;
}
