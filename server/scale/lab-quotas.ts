// Per-address quotas counted across every node on one Redis, so a second node does not double an address's
// allowance: open connections, labs created per window, and the cool-off after abuse. Each is one Lua script
// (atomic across nodes) on a key that expires. Running streams are counted there too (all of them, and per
// address), so a stream started on one node and stopped on another frees its slot. Connections are counted per node in one hash per address, and a
// node whose heartbeat (written by the lab directory) is gone no longer counts: a crash frees its addresses.
// ClientQuotas (server/clients.ts) still makes its local checks; these run after them when REDIS_URL is set.
import type { RedisClientType } from '@redis/client';
import type { Limits } from '../config.ts';
import type { ScaleContext } from './context.ts';

type QuotaLimits = Pick<Limits, 'maxConnectionsPerAddress' | 'labsPerAddressPerWindow' | 'labCreateWindowMs'> &
  Pick<Limits, 'coolOffMs' | 'maxRunningStreams' | 'maxRunningStreamsPerAddress' | 'labIdleMs'>;

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

// Running streams: two sorted sets (all streams, the address's), each member a stream key scored by the moment
// its slot expires, and the key's starting address. KEYS: all, the address's set, the key's owner.
// ARGV: stream key, max, max per address, ttl, address. Returns 0 (counted), -1 (server full), -2 (address full).
const START_STREAM = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return -1 end
  if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then return -2 end
end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[1])
redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('SET', KEYS[3], ARGV[5], 'PX', ttl)
return 0
`;

// KEYS: all, the key's owner. ARGV: stream key, the per-address set's key prefix.
const STOP_STREAM = `
local address = redis.call('GET', KEYS[2])
redis.call('ZREM', KEYS[1], ARGV[1])
if address then redis.call('ZREM', ARGV[2] .. address, ARGV[1]) end
redis.call('DEL', KEYS[2])
return 0
`;

export type StreamAdmission = 'ok' | 'server-full' | 'address-full';

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

  /**
   * Counts a running stream of `address` on every node (again for one already counted: that refreshes it). A slot
   * expires labIdleMs after its start, the longest an idle lab lives, so a crashed node's streams free theirs.
   */
  async startStream(key: string, address: string): Promise<StreamAdmission> {
    if (!this.scale.redis!.reachable()) throw new Error('Redis unreachable');
    const code = (await this.redis.eval(START_STREAM, {
      keys: [this.scale.key('streams', ''), this.scale.key('streams-of', address), this.scale.key('stream', key)],
      arguments: [
        key,
        String(this.limits.maxRunningStreams),
        String(this.limits.maxRunningStreamsPerAddress),
        String(this.limits.labIdleMs),
        address,
      ],
    })) as number;
    return code === -1 ? 'server-full' : code === -2 ? 'address-full' : 'ok';
  }

  /** Frees a stream's slot, whichever node started it. */
  async stopStream(key: string): Promise<void> {
    await this.redis.eval(STOP_STREAM, {
      keys: [this.scale.key('streams', ''), this.scale.key('stream', key)],
      arguments: [key, this.scale.key('streams-of', '')],
    });
  }

  async coolOff(address: string): Promise<void> {
    await this.redis.set(this.scale.key('cool', address), '1', { PX: this.limits.coolOffMs });
  }
}
