import type { Clock } from '../../clock.ts';
import type { QueueBrokerKind, QueueLabStats } from '../../../src/contract/queue-lab.ts';

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

export interface LifecycleEvent<T = unknown> {
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
  /** Held in the dead-letter queue right after the event. */
  deadLetters: number;
  /** The message body, when a broker has it at hand (the Redis broker: nodes do not share a memory of texts). */
  body?: T;
}

export type LifecycleListener<T = unknown> = (event: LifecycleEvent<T>) => void;

/** The counters a broker reports: one shape, defined by the contract the widget reads. */
export type QueueStats = QueueLabStats;

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
 * The in-memory broker's interface. Synchronous because it is stepped like a simulation; the lab reaches
 * either broker through AsyncMessageQueue below.
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

export type BrokerKind = QueueBrokerKind;

/** One command a broker sent to its store, as text the widget can show (Redis only). */
export interface BrokerCommand {
  /** The command and its arguments, e.g. ["XADD", "sp:queue:…", "*", "id", "m1", …]. */
  args: string[];
  /** A one-line summary of the reply ("1-0", "2 entries", "nil"). */
  reply: string;
  at: number;
}

export type CommandListener = (command: BrokerCommand) => void;

/**
 * What the lab depends on: the same operations as MessageQueue, each settled when the broker has done it.
 * The in-memory broker answers at once; the Redis Streams broker after its round trips. Deliveries and
 * lifecycle events still arrive through callbacks, in the order they happen.
 */
export interface AsyncMessageQueue<T> {
  readonly kind: BrokerKind;
  publish(input: PublishInput<T>): Promise<PublishResult>;
  addConsumer(id: string, deliver: DeliverFn<T>, options?: ConsumerOptions): Promise<void>;
  removeConsumer(id: string): Promise<boolean>;
  ack(consumerId: string, deliveryTag: string): Promise<SettleResult>;
  nack(consumerId: string, deliveryTag: string, options?: { requeue?: boolean }): Promise<SettleResult>;
  /** Visibility timeouts: hands back what has been held too long. Resolves to how many deliveries it took back. */
  /**
   * `claim: false` (a node that does not hold the lab's tick lease, on a shared store): only read what other
   * nodes published; the lease holder alone takes back deliveries whose visibility timeout passed.
   */
  tick(options?: { claim?: boolean }): Promise<number>;
  onLifecycle(listener: LifecycleListener<T>): () => void;
  /** The store commands issued, as they happen (the in-memory broker issues none). */
  onCommand(listener: CommandListener): () => void;
  stats(): Promise<QueueStats>;
  deadLetters(): Promise<Array<DeadLetter<T>>>;
  /** Stops and deletes what the broker keeps in its store (the lab is gone or rebuilt). */
  destroy(): Promise<void>;
}
