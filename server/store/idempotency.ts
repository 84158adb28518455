import type { Clock } from '../clock.ts';
import { ExpiringMap } from './expiring-map.ts';

// Exactly-once *effects* over an at-least-once channel: the client attaches a
// key to each operation and retries freely; the server applies the effect only
// the first time it sees the key and answers retries with the stored result.
// Async so Redis (SET key NX PX ttl) can implement it.

export type IdempotencyRecord<R> = { state: 'pending' } | { state: 'done'; result: R };

export interface IdempotencyStore<R = unknown> {
  /**
   * Check-and-set in one step: false the first time a key is offered (the
   * caller should now perform the effect), true for every retry within the
   * window. Atomic, so two concurrent retries cannot both get false.
   */
  seen(key: string): Promise<boolean>;
  /** Remember the outcome so retries can be answered with it. */
  complete(key: string, result: R): Promise<void>;
  /** What happened to a key, or null if unknown or expired. */
  lookup(key: string): Promise<IdempotencyRecord<R> | null>;
  /** Forget a key, e.g. because the effect failed and a retry should run it. */
  release(key: string): Promise<void>;
}

export interface InMemoryIdempotencyOptions {
  clock: Clock;
  /** How long a retry is still recognised. Must exceed the client's retry horizon. */
  ttlMs: number;
  maxKeys: number;
}

export class InMemoryIdempotencyStore<R = unknown> implements IdempotencyStore<R> {
  private readonly keys: ExpiringMap<IdempotencyRecord<R>>;

  constructor(options: InMemoryIdempotencyOptions) {
    this.keys = new ExpiringMap({ clock: options.clock, ttlMs: options.ttlMs, maxKeys: options.maxKeys });
  }

  async seen(key: string): Promise<boolean> {
    return !this.keys.add(key, { state: 'pending' });
  }

  async complete(key: string, result: R): Promise<void> {
    // A key that expired while the effect ran is re-added so the answer is
    // still remembered for the retries that are surely coming.
    if (!this.keys.update(key, { state: 'done', result })) this.keys.add(key, { state: 'done', result });
  }

  async lookup(key: string): Promise<IdempotencyRecord<R> | null> {
    return this.keys.get(key) ?? null;
  }

  async release(key: string): Promise<void> {
    this.keys.delete(key);
  }

  /** Keys evicted by the size cap before their TTL (a broken promise). */
  evictions(): number {
    return this.keys.evictions;
  }

  size(): number {
    return this.keys.size;
  }
}
