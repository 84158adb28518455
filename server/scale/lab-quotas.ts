// Per-address quotas counted across every node on one Redis, so a second node does not double an address's
// allowance: open connections, labs created per window, and the cool-off after abuse. Each is one Lua script
// (atomic across nodes) on a key that expires. Connections are counted per node in one hash per address, and a
// node whose heartbeat (written by the lab directory) is gone no longer counts: a crash frees its addresses.
// ClientQuotas (server/clients.ts) still makes its local checks; these run after them when REDIS_URL is set.
import type { RedisClientType } from 'redis';
import type { Limits } from '../config.ts';
import type { ScaleContext } from './context.ts';

type QuotaLimits = Pick<Limits, 'maxConnectionsPerAddress' | 'labsPerAddressPerWindow' | 'labCreateWindowMs'> &
  Pick<Limits, 'coolOffMs'>;

/** How long an address's connection count outlives its last new connection (open ones refresh it). */
const CONNECTIONS_TTL_MS = 24 * 60 * 60 * 1000;

// KEYS: the address's connection hash, its cool-off key. ARGV: node, max, heartbeat key prefix, ttl.
// Returns -2 (cooling off, with the ms left as second value), -1 (full) or 0 (counted).
const ADMIT = `
local cool = redis.call('PTTL', KEYS[2])
if cool > 0 then return { -2, cool } end
local total, raw = 0, redis.call('HGETALL', KEYS[1])
for i = 1, #raw, 2 do
  if raw[i] == ARGV[1] or redis.call('EXISTS', ARGV[3] .. raw[i]) == 1 then
    total = total + tonumber(raw[i + 1])
  else
    redis.call('HDEL', KEYS[1], raw[i])
  end
end
if total >= tonumber(ARGV[2]) then return { -1, total } end
redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return { 0, total + 1 }
`;

// KEYS: the address's connection hash. ARGV: node.
const RELEASE = `
if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0
`;

// KEYS: the address's create counter. ARGV: max, window ms. Returns { 0 } or { -1, ms until the window ends }.
const TAKE_CREATE = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
if n > tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
  return { -1, redis.call('PTTL', KEYS[1]) }
end
return { 0 }
`;

export type Admission = { ok: true } | { ok: false; reason: 'cooling'; msLeft: number } | { ok: false; reason: 'full' };

export class RedisQuotas {
  private readonly redis: RedisClientType;
  private readonly scale: ScaleContext;
  private readonly limits: QuotaLimits;

  constructor(scale: ScaleContext, limits: QuotaLimits) {
    if (!scale.redis) throw new Error('RedisQuotas needs a Redis connection');
    this.redis = scale.redis.client;
    this.scale = scale;
    this.limits = limits;
  }

  /** Rejects at once while Redis is unreachable: the caller then keeps to its own node's counts. */
  async admit(address: string): Promise<Admission> {
    if (!this.scale.redis!.reachable()) throw new Error('Redis unreachable');
    const [code, value] = (await this.redis.eval(ADMIT, {
      keys: [this.scale.key('conn', address), this.scale.key('cool', address)],
      arguments: [
        this.scale.nodeId,
        String(this.limits.maxConnectionsPerAddress),
        this.scale.key('node', ''),
        String(CONNECTIONS_TTL_MS),
      ],
    })) as [number, number];
    if (code === -2) return { ok: false, reason: 'cooling', msLeft: value };
    if (code === -1) return { ok: false, reason: 'full' };
    return { ok: true };
  }

  async release(address: string): Promise<void> {
    await this.redis.eval(RELEASE, { keys: [this.scale.key('conn', address)], arguments: [this.scale.nodeId] });
  }

  /** Resolves when the address may create one more lab (and counts it), else with the ms its window has left. */
  async takeLabCreate(address: string): Promise<number | undefined> {
    if (!this.scale.redis!.reachable()) throw new Error('Redis unreachable');
    const [code, left] = (await this.redis.eval(TAKE_CREATE, {
      keys: [this.scale.key('creates', address)],
      arguments: [String(this.limits.labsPerAddressPerWindow), String(this.limits.labCreateWindowMs)],
    })) as [number, number?];
    return code === -1 ? (left ?? 0) : undefined;
  }

  async coolOff(address: string): Promise<void> {
    await this.redis.set(this.scale.key('cool', address), '1', { PX: this.limits.coolOffMs });
  }
}
