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

// --- Shared across nodes -------------------------------------------------------------------------------------
// With REDIS_URL a retry may reach another node than the first try (the client reconnected elsewhere), so the
// keys live in Redis: one record per key with the TTL as its expiry (SET NX PX: the check-and-set is one step on
// every node), and one sorted set per store, by first sight, that enforces maxKeys by dropping the oldest.

/** The few node-redis calls the store uses (kept narrow so any client, or a test double, fits). */
export interface RedisLike {
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string, options: { PX: number }): Promise<unknown>;
  del(keys: string[]): Promise<number>;
  zRem(key: string, member: string): Promise<number>;
}

// KEYS: record, the store's set. ARGV: ttl ms, max keys, now, key, record prefix. 1 = seen before, 0 = new.
const SEEN = `
if not redis.call('SET', KEYS[1], '{"state":"pending"}', 'NX', 'PX', ARGV[1]) then return 1 end
local now, ttl = tonumber(ARGV[3]), tonumber(ARGV[1])
redis.call('ZADD', KEYS[2], now, ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
while redis.call('ZCARD', KEYS[2]) > tonumber(ARGV[2]) do
  local oldest = redis.call('ZPOPMIN', KEYS[2])
  redis.call('DEL', ARGV[5] .. oldest[1])
end
return 0
`;

export interface RedisIdempotencyOptions extends InMemoryIdempotencyOptions {
  redis: RedisLike;
  /** Key prefix of this store, e.g. "sp:idem:<labId>": each lab its own store and its own cap. */
  prefix: string;
}

export class RedisIdempotencyStore<R = unknown> implements IdempotencyStore<R> {
  private readonly o: RedisIdempotencyOptions;

  constructor(options: RedisIdempotencyOptions) {
    this.o = options;
  }

  private record(key: string): string {
    return `${this.o.prefix}:k:${key}`;
  }

  async seen(key: string): Promise<boolean> {
    const reply = await this.o.redis.eval(SEEN, {
      keys: [this.record(key), `${this.o.prefix}:order`],
      arguments: [String(this.o.ttlMs), String(this.o.maxKeys), String(this.o.clock.now()), key, `${this.o.prefix}:k:`],
    });
    return reply === 1;
  }

  async complete(key: string, result: R): Promise<void> {
    await this.o.redis.set(this.record(key), JSON.stringify({ state: 'done', result }), { PX: this.o.ttlMs });
  }

  async lookup(key: string): Promise<IdempotencyRecord<R> | null> {
    const raw = await this.o.redis.get(this.record(key));
    return raw === null ? null : (JSON.parse(raw) as IdempotencyRecord<R>);
  }

  async release(key: string): Promise<void> {
    await this.o.redis.del([this.record(key)]);
    await this.o.redis.zRem(`${this.o.prefix}:order`, key);
  }
}
