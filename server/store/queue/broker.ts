// The in-memory broker for the queues lab: publish, consume, settle, time out; its state and shared steps live in
// memory-broker-state.ts.
import { QueueBrokerState, WORK_GROUP, type Consumer, type Group, type InFlight } from './memory-broker-state.ts';
import type { Copy } from './ready-list.ts';
import type {
  ConsumerOptions,
  DeliverFn,
  Delivery,
  MessageQueue,
  PublishInput,
  PublishResult,
  SettleResult,
} from './types.ts';

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
export class QueueBroker<T> extends QueueBrokerState<T> implements MessageQueue<T> {
  private publishSeq = 0;
  private tagSeq = 0;
  private dispatching = false;
  private dispatchAgain = false;

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
}
