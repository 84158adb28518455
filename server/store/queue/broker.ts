import type { Clock } from '../../clock.ts';
import { ExpiringMap } from '../expiring-map.ts';
import { resolveOptions } from './options.ts';
import type { ResolvedQueueOptions } from './options.ts';
import { ReadyList } from './ready-list.ts';
import type { Copy } from './ready-list.ts';
import type {
  ConsumerOptions,
  DeadLetter,
  DeliverFn,
  Delivery,
  LifecycleEvent,
  LifecycleListener,
  LifecycleReason,
  MessageQueue,
  PublishInput,
  PublishResult,
  QueueOptions,
  QueueSnapshot,
  QueueStats,
  SettleResult,
} from './types.ts';

interface InFlight<T> {
  tag: string;
  copy: Copy<T>;
  group: Group<T>;
  consumer: Consumer<T>;
  deadline: number;
}

interface Consumer<T> {
  id: string;
  group: Group<T>;
  deliver: DeliverFn<T>;
  inFlight: Map<string, InFlight<T>>;
}

interface Group<T> {
  name: string;
  ready: ReadyList<T>;
  consumers: Array<Consumer<T>>;
  /** Round-robin cursor into `consumers`. */
  next: number;
  inFlight: number;
}

type Counters = Omit<QueueStats, 'depth' | 'inFlight' | 'deadLetters' | 'consumers'>;

const WORK_GROUP = 'work';

/**
 * In-memory broker for the queues lab. Synchronous on purpose: every call
 * finishes its side effects (including deliveries) before returning, so a
 * widget or test can step it like a simulation. Time only moves via the
 * injected clock and `tick()`.
 *
 * Ordering: first deliveries leave each group in publish order. A copy that
 * comes back (nack, visibility timeout, consumer removed) returns to its
 * original place in the ready list, but younger messages may already have
 * been delivered, so consumers can see 1,2,4,3. Real brokers behave the same.
 *
 * Caution: a deliver callback that synchronously nacks with requeue, with
 * maxDeliveries left at Infinity, loops forever inside one call. Set
 * maxDeliveries, or settle from a later event as a real socket consumer does.
 */
export class QueueBroker<T> implements MessageQueue<T> {
  private readonly clock: Clock;
  private readonly opts: ResolvedQueueOptions;
  private readonly groups = new Map<string, Group<T>>();
  private readonly consumers = new Map<string, Consumer<T>>();
  private readonly inFlight = new Map<string, InFlight<T>>();
  private readonly dedupeKeys: ExpiringMap<true> | null;
  private readonly deadLetterList: Array<DeadLetter<T>> = [];
  private readonly listeners = new Set<LifecycleListener>();
  private readonly counters: Counters = {
    published: 0,
    delivered: 0,
    redelivered: 0,
    acked: 0,
    deduped: 0,
    refused: 0,
    deadLettered: 0,
  };
  private publishSeq = 0;
  private tagSeq = 0;
  private dispatching = false;
  private dispatchAgain = false;

  constructor(options: QueueOptions) {
    this.clock = options.clock;
    this.opts = resolveOptions(options);
    this.dedupeKeys = this.opts.dedupe
      ? new ExpiringMap({ clock: this.clock, ttlMs: this.opts.dedupeWindowMs, maxKeys: this.opts.maxDedupeKeys })
      : null;
    // A work queue exists before anyone consumes, so early messages wait.
    // Fanout groups appear with their first consumer and only see later
    // messages, like a queue bound to an exchange after the fact.
    if (this.opts.mode === 'work') this.ensureGroup(WORK_GROUP);
  }

  publish(input: PublishInput<T>): PublishResult {
    this.publishSeq++;
    const messageId = input.id ?? `m${this.publishSeq}`;
    const dedupeKey = input.dedupeKey ?? input.id;

    if (this.dedupeKeys !== null && dedupeKey !== undefined && this.dedupeKeys.has(dedupeKey)) {
      this.counters.deduped++;
      this.emit({ type: 'deduped', messageId, attempt: 0, reason: 'duplicate' });
      return { status: 'deduped', messageId, dedupeKey };
    }

    const targets = [...this.groups.values()];
    for (const group of targets) {
      const held = group.ready.length + group.inFlight;
      if (held >= this.opts.maxDepth) {
        // Refuse the whole publish (no partial fanout) and do not remember the
        // dedupe key, so the producer's retry after backing off is accepted.
        this.counters.refused++;
        this.emit({ type: 'refused', messageId, group: group.name, attempt: 0, reason: 'max-depth' });
        return {
          status: 'refused',
          messageId,
          reason: 'max-depth',
          error: `queue full: group "${group.name}" holds ${held} messages (ready + in flight), maxDepth is ${this.opts.maxDepth}; slow down and retry`,
          group: group.name,
          held,
          maxDepth: this.opts.maxDepth,
        };
      }
    }

    if (this.dedupeKeys !== null && dedupeKey !== undefined) this.dedupeKeys.add(dedupeKey, true);
    this.counters.published++;
    if (targets.length === 0) {
      this.emit({ type: 'dropped', messageId, attempt: 0, reason: 'no-subscribers' });
      return { status: 'dropped', messageId, reason: 'no-subscribers' };
    }
    for (const group of targets) {
      group.ready.append({ seq: this.publishSeq, messageId, body: input.body, attempts: 0 });
      this.emit({ type: 'enqueued', messageId, group: group.name, attempt: 0 });
    }
    this.dispatch();
    return { status: 'enqueued', messageId, copies: targets.length };
  }

  addConsumer(id: string, deliver: DeliverFn<T>, options: ConsumerOptions = {}): void {
    if (this.consumers.has(id)) throw new Error(`consumer "${id}" already exists`);
    const groupName = this.opts.mode === 'work' ? WORK_GROUP : (options.group ?? id);
    const group = this.ensureGroup(groupName);
    const consumer: Consumer<T> = { id, group, deliver, inFlight: new Map() };
    this.consumers.set(id, consumer);
    group.consumers.push(consumer);
    this.dispatch();
  }

  /**
   * A consumer leaving or crashing. With ack on, its unacked messages return
   * to the group for someone else; with auto-ack they were already "done" and
   * are simply lost: that is what at-most-once means.
   */
  removeConsumer(id: string): boolean {
    const consumer = this.consumers.get(id);
    if (consumer === undefined) return false;
    this.consumers.delete(id);
    const group = consumer.group;
    const index = group.consumers.indexOf(consumer);
    group.consumers.splice(index, 1);
    if (group.next > index) group.next--;
    const orphans = [...consumer.inFlight.values()].sort((a, b) => a.copy.seq - b.copy.seq);
    for (const flight of orphans) {
      this.takeOutOfFlight(flight);
      this.fail(flight, 'consumer-removed');
    }
    this.dispatch();
    return true;
  }

  ack(consumerId: string, deliveryTag: string): SettleResult {
    const found = this.findFlight(consumerId, deliveryTag);
    if (!found.ok) return found;
    this.takeOutOfFlight(found.flight);
    this.counters.acked++;
    this.emit({
      type: 'acked',
      messageId: found.flight.copy.messageId,
      consumerId,
      group: found.flight.group.name,
      attempt: found.flight.copy.attempts,
    });
    this.dispatch();
    return { ok: true };
  }

  /** requeue true (default): try again later; false: straight to the dead-letter queue. */
  nack(consumerId: string, deliveryTag: string, options: { requeue?: boolean } = {}): SettleResult {
    const found = this.findFlight(consumerId, deliveryTag);
    if (!found.ok) return found;
    this.takeOutOfFlight(found.flight);
    if (options.requeue === false) this.deadLetter(found.flight, 'rejected');
    else this.fail(found.flight, 'nack');
    this.dispatch();
    return { ok: true };
  }

  /**
   * Make every delivery whose visibility timeout has passed (by the injected
   * clock) visible again. Call it from a timer, or from a test after moving
   * the fake clock. Returns how many deliveries timed out.
   */
  tick(): number {
    const now = this.clock.now();
    const expired = [...this.inFlight.values()]
      .filter((flight) => flight.deadline <= now)
      .sort((a, b) => a.deadline - b.deadline || a.copy.seq - b.copy.seq);
    for (const flight of expired) {
      this.takeOutOfFlight(flight);
      this.fail(flight, 'timeout');
    }
    this.dispatch();
    return expired.length;
  }

  onLifecycle(listener: LifecycleListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  stats(): QueueStats {
    return {
      depth: this.depth(),
      inFlight: this.inFlight.size,
      deadLetters: this.deadLetterList.length,
      consumers: this.consumers.size,
      ...this.counters,
    };
  }

  deadLetters(): Array<DeadLetter<T>> {
    return [...this.deadLetterList];
  }

  /** Where every message is right now, for drawing the queue. */
  snapshot(): QueueSnapshot {
    return {
      groups: [...this.groups.values()].map((group) => ({
        group: group.name,
        ready: group.ready.ids(),
        consumers: group.consumers.map((c) => ({
          id: c.id,
          inFlight: [...c.inFlight.values()].map((f) => f.copy.messageId),
        })),
      })),
    };
  }

  private ensureGroup(name: string): Group<T> {
    let group = this.groups.get(name);
    if (group === undefined) {
      group = { name, ready: new ReadyList<T>(), consumers: [], next: 0, inFlight: 0 };
      this.groups.set(name, group);
    }
    return group;
  }

  private depth(): number {
    let depth = 0;
    for (const group of this.groups.values()) depth += group.ready.length;
    return depth;
  }

  /**
   * Hand ready messages to consumers with spare capacity. Deliver callbacks
   * and listeners may re-enter (ack inside deliver is normal), so a nested
   * call only flags that another pass is needed.
   */
  private dispatch(): void {
    if (this.dispatching) {
      this.dispatchAgain = true;
      return;
    }
    this.dispatching = true;
    try {
      do {
        this.dispatchAgain = false;
        for (const group of this.groups.values()) {
          while (group.ready.length > 0) {
            const consumer = this.nextWithCapacity(group);
            if (consumer === undefined) break;
            this.deliver(consumer, group.ready.shift() as Copy<T>);
          }
        }
      } while (this.dispatchAgain);
    } finally {
      this.dispatching = false;
    }
  }

  /** Round robin, skipping consumers whose prefetch window is full. */
  private nextWithCapacity(group: Group<T>): Consumer<T> | undefined {
    const count = group.consumers.length;
    for (let i = 0; i < count; i++) {
      const index = (group.next + i) % count;
      const consumer = group.consumers[index];
      if (!this.opts.ack || consumer.inFlight.size < this.opts.prefetch) {
        group.next = (index + 1) % count;
        return consumer;
      }
    }
    return undefined;
  }

  private deliver(consumer: Consumer<T>, copy: Copy<T>): void {
    copy.attempts++;
    this.counters.delivered++;
    const redelivered = copy.attempts > 1;
    if (redelivered) this.counters.redelivered++;
    const tag = `t${++this.tagSeq}`;
    const group = consumer.group;
    const flight: InFlight<T> = {
      tag,
      copy,
      group,
      consumer,
      deadline: this.clock.now() + this.opts.visibilityTimeoutMs,
    };
    const base = { messageId: copy.messageId, consumerId: consumer.id, group: group.name, attempt: copy.attempts };

    if (this.opts.ack) {
      consumer.inFlight.set(tag, flight);
      this.inFlight.set(tag, flight);
      group.inFlight++;
      this.emit({ type: redelivered ? 'redelivered' : 'delivered', ...base });
    } else {
      // Auto-ack: the broker forgets the message the moment it is sent.
      this.emit({ type: redelivered ? 'redelivered' : 'delivered', ...base });
      this.counters.acked++;
      this.emit({ type: 'acked', ...base, reason: 'auto-ack' });
    }

    const delivery: Delivery<T> = { deliveryTag: tag, redelivered, body: copy.body, ...base };
    try {
      consumer.deliver(delivery);
    } catch {
      // A throwing handler counts as a failed attempt, so a poison message
      // ends in the dead-letter queue instead of looping forever.
      if (this.opts.ack && this.inFlight.get(tag) === flight) {
        this.takeOutOfFlight(flight);
        this.fail(flight, 'handler-threw');
      }
    }
  }

  private findFlight(
    consumerId: string,
    tag: string,
  ): { ok: true; flight: InFlight<T> } | Extract<SettleResult, { ok: false }> {
    const consumer = this.consumers.get(consumerId);
    if (consumer === undefined) {
      return { ok: false, reason: 'unknown-consumer', error: `no consumer "${consumerId}"` };
    }
    const flight = consumer.inFlight.get(tag);
    if (flight === undefined) {
      return {
        ok: false,
        reason: 'unknown-tag',
        error: `"${tag}" is not in flight for "${consumerId}": already settled, timed out and handed back, or auto-acked`,
      };
    }
    return { ok: true, flight };
  }

  private takeOutOfFlight(flight: InFlight<T>): void {
    flight.consumer.inFlight.delete(flight.tag);
    this.inFlight.delete(flight.tag);
    flight.group.inFlight--;
  }

  /** A delivery that did not succeed: retry it, or dead-letter it if out of attempts. */
  private fail(flight: InFlight<T>, reason: LifecycleReason): void {
    if (flight.copy.attempts >= this.opts.maxDeliveries) {
      this.deadLetter(flight, 'max-deliveries');
      return;
    }
    flight.group.ready.returnToPlace(flight.copy);
    this.emit({
      type: 'requeued',
      messageId: flight.copy.messageId,
      consumerId: flight.consumer.id,
      group: flight.group.name,
      attempt: flight.copy.attempts,
      reason,
    });
  }

  private deadLetter(flight: InFlight<T>, reason: LifecycleReason): void {
    const at = this.clock.now();
    this.deadLetterList.push({
      messageId: flight.copy.messageId,
      body: flight.copy.body,
      group: flight.group.name,
      attempts: flight.copy.attempts,
      reason,
      at,
    });
    if (this.deadLetterList.length > this.opts.maxDeadLetters) this.deadLetterList.shift();
    this.counters.deadLettered++;
    this.emit({
      type: 'dead-lettered',
      messageId: flight.copy.messageId,
      consumerId: flight.consumer.id,
      group: flight.group.name,
      attempt: flight.copy.attempts,
      reason,
    });
  }

  private emit(partial: Omit<LifecycleEvent, 'at' | 'depth' | 'inFlight' | 'deadLetters'>): void {
    if (this.listeners.size === 0) return;
    const event: LifecycleEvent = {
      ...partial,
      at: this.clock.now(),
      depth: this.depth(),
      inFlight: this.inFlight.size,
      deadLetters: this.deadLetterList.length,
    };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken widget must not corrupt broker state mid-operation;
        // rethrow outside the call so the bug is still visible.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
