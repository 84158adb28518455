import type { Clock } from '../clock.ts';

export interface ExpiringMapOptions {
  clock: Clock;
  /** How long a key lives after it was first set. */
  ttlMs: number;
  /** Hard cap; when full, the oldest key is evicted early. */
  maxKeys: number;
}

interface Slot<V> {
  value: V;
  expiresAt: number;
}

/**
 * Synchronous map whose keys expire a fixed time after insertion and which
 * never holds more than `maxKeys`. Insertion order equals expiry order (the
 * TTL is fixed and set once), so the oldest key is always first in the Map
 * and both expiry and eviction are cheap pops from the front.
 */
export class ExpiringMap<V> {
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly maxKeys: number;
  private readonly slots = new Map<string, Slot<V>>();
  private evictedEarly = 0;

  constructor(options: ExpiringMapOptions) {
    if (!(options.ttlMs > 0)) throw new RangeError(`ttlMs must be positive, got ${options.ttlMs}`);
    if (!Number.isInteger(options.maxKeys) || options.maxKeys < 1) {
      throw new RangeError(`maxKeys must be a positive integer, got ${options.maxKeys}`);
    }
    this.clock = options.clock;
    this.ttlMs = options.ttlMs;
    this.maxKeys = options.maxKeys;
  }

  has(key: string): boolean {
    this.sweep();
    return this.slots.has(key);
  }

  get(key: string): V | undefined {
    this.sweep();
    return this.slots.get(key)?.value;
  }

  /** Insert a new key. Returns false (and changes nothing) if it is live already. */
  add(key: string, value: V): boolean {
    this.sweep();
    if (this.slots.has(key)) return false;
    while (this.slots.size >= this.maxKeys) {
      this.slots.delete(this.slots.keys().next().value as string);
      this.evictedEarly++;
    }
    this.slots.set(key, { value, expiresAt: this.clock.now() + this.ttlMs });
    return true;
  }

  /** Change a live key's value without extending its life. */
  update(key: string, value: V): boolean {
    this.sweep();
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    slot.value = value;
    return true;
  }

  delete(key: string): boolean {
    return this.slots.delete(key);
  }

  /** Drop expired keys; returns how many went. */
  sweep(): number {
    const now = this.clock.now();
    let removed = 0;
    for (const [key, slot] of this.slots) {
      if (slot.expiresAt > now) break;
      this.slots.delete(key);
      removed++;
    }
    return removed;
  }

  get size(): number {
    this.sweep();
    return this.slots.size;
  }

  /**
   * Keys pushed out by the cap before their TTL. Non-zero means the window
   * promised to users was not kept, which a lab should surface.
   */
  get evictions(): number {
    return this.evictedEarly;
  }
}
