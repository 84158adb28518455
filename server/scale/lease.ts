// A lease: "this node, and no other, runs the timer of lab X for the next ttl ms". The holder keeps it by renewing
// well inside the ttl (renew every ~ttl/3); when its node dies the lease simply expires and the next node to ask
// takes it. In Redis: SET key node NX PX ttl to take, a compare-and-extend script to renew, compare-and-delete
// to release, so a node never extends or deletes a lease that has passed to someone else.
// Alone (no Redis) the same API over a Map and the server's clock, so callers are written once.
import type { Clock } from '../clock.ts';
import type { RedisConnection } from './redis.ts';

export interface Leases {
  /** Takes the lease if nobody holds it; true when this node holds it afterwards. */
  acquire(name: string): Promise<boolean>;
  /** Extends the lease if this node still holds it; false when it has expired or passed to another node. */
  renew(name: string): Promise<boolean>;
  /** Renews, else acquires: the one call a timer loop makes. */
  hold(name: string): Promise<boolean>;
  /** Gives the lease up at once (only if this node holds it), so another node need not wait for the ttl. */
  release(name: string): Promise<void>;
  /** The node holding the lease now, or null. */
  holder(name: string): Promise<string | null>;
}

// KEYS[1] the lease, ARGV[1] this node, ARGV[2] ttl in ms. 1 when extended, 0 when the lease is not ours.
const EXTEND = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class RedisLeases implements Leases {
  private readonly redis: RedisConnection;
  private readonly node: string;
  private readonly ttlMs: number;
  private readonly key: (name: string) => string;

  constructor(redis: RedisConnection, node: string, ttlMs: number, key: (name: string) => string) {
    this.redis = redis;
    this.node = node;
    this.ttlMs = ttlMs;
    this.key = key;
  }

  async acquire(name: string): Promise<boolean> {
    const reply: unknown = await this.redis.client.sendCommand([
      'SET',
      this.key(name),
      this.node,
      'NX',
      'PX',
      `${this.ttlMs}`,
    ]);
    return reply === 'OK';
  }

  async renew(name: string): Promise<boolean> {
    const reply: unknown = await this.redis.client.sendCommand([
      'EVAL',
      EXTEND,
      '1',
      this.key(name),
      this.node,
      `${this.ttlMs}`,
    ]);
    return reply === 1;
  }

  async hold(name: string): Promise<boolean> {
    return (await this.renew(name)) || (await this.acquire(name));
  }

  async release(name: string): Promise<void> {
    await this.redis.client.sendCommand(['EVAL', RELEASE, '1', this.key(name), this.node]);
  }

  async holder(name: string): Promise<string | null> {
    const reply: unknown = await this.redis.client.sendCommand(['GET', this.key(name)]);
    return typeof reply === 'string' ? reply : null;
  }
}

/** One process alone: the same rules over a Map, expiry read from the clock (so tests can move time by hand). */
export class MemoryLeases implements Leases {
  private readonly held = new Map<string, { node: string; until: number }>();
  private readonly clock: Clock;
  private readonly node: string;
  private readonly ttlMs: number;

  constructor(clock: Clock, node: string, ttlMs: number, shared?: MemoryLeases) {
    this.clock = clock;
    this.node = node;
    this.ttlMs = ttlMs;
    // Tests give two "nodes" one table, to check the rules without Redis.
    if (shared) this.held = shared.held;
  }

  async acquire(name: string): Promise<boolean> {
    const now = this.clock.now();
    const lease = this.held.get(name);
    if (lease && lease.until > now) return false;
    this.held.set(name, { node: this.node, until: now + this.ttlMs });
    return true;
  }

  async renew(name: string): Promise<boolean> {
    const now = this.clock.now();
    const lease = this.held.get(name);
    if (!lease || lease.until <= now || lease.node !== this.node) return false;
    lease.until = now + this.ttlMs;
    return true;
  }

  async hold(name: string): Promise<boolean> {
    return (await this.renew(name)) || (await this.acquire(name));
  }

  async release(name: string): Promise<void> {
    if (this.held.get(name)?.node === this.node) this.held.delete(name);
  }

  async holder(name: string): Promise<string | null> {
    const lease = this.held.get(name);
    return lease && lease.until > this.clock.now() ? lease.node : null;
  }
}
