// The in-memory broker's state and bookkeeping: groups with their ready lists, consumers and what they hold,
// counters, the dead-letter list, and the steps every operation shares (find and take a delivery out of flight,
// hand it back or dead-letter it, tell the listeners). QueueBroker (broker.ts) builds its operations on it.
import type { Clock } from '../../clock.ts';
import { ExpiringMap } from '../expiring-map.ts';
import { resolveOptions } from './options.ts';
import type { ResolvedQueueOptions } from './options.ts';
import { ReadyList } from './ready-list.ts';
import type { Copy } from './ready-list.ts';
import type {
  DeadLetter,
  LifecycleEvent,
  LifecycleListener,
  LifecycleReason,
  DeliverFn,
  QueueOptions,
  QueueSnapshot,
  QueueStats,
  SettleResult,
} from './types.ts';

export interface InFlight<T> {
  tag: string;
  copy: Copy<T>;
  group: Group<T>;
  consumer: Consumer<T>;
  deadline: number;
}

export interface Consumer<T> {
  id: string;
  group: Group<T>;
  deliver: DeliverFn<T>;
  inFlight: Map<string, InFlight<T>>;
}

export interface Group<T> {
  name: string;
  ready: ReadyList<T>;
  consumers: Array<Consumer<T>>;
  /** Round-robin cursor into `consumers`. */
  next: number;
  inFlight: number;
}

type Counters = Omit<QueueStats, 'depth' | 'inFlight' | 'deadLetters' | 'consumers'>;

export const WORK_GROUP = 'work';

export class QueueBrokerState<T> {
  protected readonly clock: Clock;
  protected readonly opts: ResolvedQueueOptions;
  protected readonly groups = new Map<string, Group<T>>();
  protected readonly consumers = new Map<string, Consumer<T>>();
  protected readonly inFlight = new Map<string, InFlight<T>>();
  protected readonly dedupeKeys: ExpiringMap<true> | null;
  protected readonly deadLetterList: Array<DeadLetter<T>> = [];
  protected readonly listeners = new Set<LifecycleListener>();
  protected readonly counters: Counters = {
    published: 0,
    delivered: 0,
    redelivered: 0,
    acked: 0,
    deduped: 0,
    refused: 0,
    deadLettered: 0,
  };

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

  protected ensureGroup(name: string): Group<T> {
    let group = this.groups.get(name);
    if (group === undefined) {
      group = { name, ready: new ReadyList<T>(), consumers: [], next: 0, inFlight: 0 };
      this.groups.set(name, group);
    }
    return group;
  }

  protected depth(): number {
    let depth = 0;
    for (const group of this.groups.values()) depth += group.ready.length;
    return depth;
  }

  protected findFlight(
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

  protected takeOutOfFlight(flight: InFlight<T>): void {
    flight.consumer.inFlight.delete(flight.tag);
    this.inFlight.delete(flight.tag);
    flight.group.inFlight--;
  }

  /** A delivery that did not succeed: retry it, or dead-letter it if out of attempts. */
  protected fail(flight: InFlight<T>, reason: LifecycleReason): void {
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

  protected deadLetter(flight: InFlight<T>, reason: LifecycleReason): void {
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

  protected emit(partial: Omit<LifecycleEvent, 'at' | 'depth' | 'inFlight' | 'deadLetters'>): void {
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
