// The offset log on Redis Streams, shared by every node: a lab's events are XADDed by whichever node runs its
// stream, and any node replays them with XRANGE from an exclusive start ("(<id>"). Offsets are Redis's own ids.
// Bounds like the in-memory log: at most maxEntries per stream (oldest trimmed first) and nothing older than
// maxAgeMs (entries by age, and the whole stream by PEXPIRE when it goes quiet).
// A reader must be told when entries it never saw were trimmed, and XADD's own MAXLEN does not say what it cut
// (XINFO's max-deleted-entry-id counts XDEL only). So one script appends, trims with XTRIM MINID at an id it
// chose, and records that id, the truncation line, in a small hash beside the stream. Scripts run atomically, so
// an append and its trim are never seen half done.
import type { RedisConnection } from '../scale/redis.ts';
import type { Clock } from '../clock.ts';
import type { LogEntry, OffsetLog, ReadResult } from './offset-log.ts';
import { compareOffsets, parseOffset } from './offset.ts';

export interface RedisOffsetLogOptions {
  redis: RedisConnection;
  clock: Clock;
  /** Redis key of one stream (the meta hash takes the same key plus ':meta'). */
  key(stream: string): string;
  maxEntries: number;
  /** Infinity keeps entries until trimmed. */
  maxAgeMs: number;
}

// Shared by both scripts: drops entries older than ARGV[1] ms (0: none) by Redis's clock, then all but the newest
// ARGV[2] (0: no count cap), remembering the newest id removed in the meta hash's 'removed' field.
const TRIM = `
local function trim(stream, meta, maxAge, maxLen)
  if maxAge > 0 then
    local t = redis.call('TIME')
    local cutoff = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) - maxAge
    local old = redis.call('XREVRANGE', stream, cutoff, '-', 'COUNT', 1)
    if #old > 0 then
      redis.call('XTRIM', stream, 'MINID', (cutoff + 1) .. '-0')
      redis.call('HSET', meta, 'removed', old[1][1])
    end
  end
  if maxLen > 0 then
    local over = redis.call('XLEN', stream) - maxLen
    if over > 0 then
      local cut = redis.call('XRANGE', stream, '-', '+', 'COUNT', over + 1)
      redis.call('XTRIM', stream, 'MINID', cut[over + 1][1])
      redis.call('HSET', meta, 'removed', cut[over][1])
    end
  end
end
`;

// KEYS: stream, meta. ARGV: maxAge, maxLen, value, at, ttl (0: none). Returns the new id.
const APPEND = `${TRIM}
local id = redis.call('XADD', KEYS[1], '*', 'v', ARGV[3], 'at', ARGV[4])
redis.call('HSETNX', KEYS[2], 'first', id)
redis.call('HSET', KEYS[2], 'latest', id)
trim(KEYS[1], KEYS[2], tonumber(ARGV[1]), tonumber(ARGV[2]))
if tonumber(ARGV[5]) > 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[5])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
end
return id
`;

// KEYS: stream, meta. ARGV: maxAge, start ('-' or '(<id>'), count. Returns entries, oldest, removed, first, latest.
const READ = `${TRIM}
if redis.call('EXISTS', KEYS[2]) == 0 then return false end
trim(KEYS[1], KEYS[2], tonumber(ARGV[1]), 0)
local entries = redis.call('XRANGE', KEYS[1], ARGV[2], '+', 'COUNT', ARGV[3])
local oldest = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', 1)
local meta = redis.call('HMGET', KEYS[2], 'removed', 'first', 'latest')
return { entries, oldest[1] and oldest[1][1] or false, meta[1], meta[2], meta[3] }
`;

type RawEntry = [string, string[]];
type ReadReply = null | [RawEntry[], string | null, string | null, string | null, string | null];

const before = (a: string, b: string | null) => b !== null && compareOffsets(parseOffset(a), parseOffset(b)) < 0;

export class RedisOffsetLog<T> implements OffsetLog<T> {
  private readonly options: RedisOffsetLogOptions;
  private readonly maxAge: string;

  constructor(options: RedisOffsetLogOptions) {
    if (!Number.isInteger(options.maxEntries) || options.maxEntries <= 0) {
      throw new RangeError(`maxEntries must be a positive integer, got ${options.maxEntries}`);
    }
    this.options = options;
    this.maxAge = Number.isFinite(options.maxAgeMs) ? String(Math.ceil(options.maxAgeMs)) : '0';
  }

  async append(stream: string, value: T): Promise<{ offset: string }> {
    const { redis, clock, maxEntries } = this.options;
    const [key, meta] = this.keys(stream);
    const args = [this.maxAge, `${maxEntries}`, JSON.stringify(value), `${clock.now()}`, this.maxAge];
    const offset = await redis.client.sendCommand(['EVAL', APPEND, '2', key, meta, ...args]);
    return { offset: String(offset) };
  }

  async readAfter(stream: string, afterOffset: string | null, limit: number): Promise<ReadResult<T>> {
    if (!Number.isInteger(limit) || limit <= 0) throw new RangeError(`limit must be a positive integer, got ${limit}`);
    // Parsed first: a malformed offset is the caller's error, never a Redis syntax error.
    if (afterOffset !== null) parseOffset(afterOffset);
    const [key, meta] = this.keys(stream);
    const start = afterOffset === null ? '-' : `(${afterOffset}`;
    const reply = (await this.options.redis.client.sendCommand([
      'EVAL',
      READ,
      '2',
      key,
      meta,
      this.maxAge,
      start,
      `${limit + 1}`,
    ])) as ReadReply;
    if (!reply) {
      // Unknown (or expired) stream: whoever holds an offset for it lost what was there; a fresh reader did not.
      return { entries: [], truncated: afterOffset !== null, oldest: null, latest: null, hasMore: false };
    }
    const [raw, oldest, removed, first, latest] = reply;
    const entries = raw.slice(0, limit).map(([offset, fields]) => this.entry(offset, fields));
    // As in memory: entries past the reader's offset were trimmed, or its offset predates this stream's
    // incarnation (the stream was dropped and began again), which is conservatively reported as a loss.
    const truncated =
      (removed !== null && (afterOffset === null || before(afterOffset, removed))) ||
      (afterOffset !== null && before(afterOffset, first));
    return { entries, truncated, oldest: oldest || null, latest: latest ?? null, hasMore: raw.length > limit };
  }

  async latest(stream: string): Promise<string | null> {
    const reply = await this.options.redis.client.sendCommand(['HGET', this.keys(stream)[1], 'latest']);
    return typeof reply === 'string' ? reply : null;
  }

  async last(stream: string): Promise<LogEntry<T> | null> {
    const reply = (await this.options.redis.client.sendCommand([
      'XREVRANGE',
      this.keys(stream)[0],
      '+',
      '-',
      'COUNT',
      '1',
    ])) as RawEntry[];
    return reply[0] ? this.entry(reply[0][0], reply[0][1]) : null;
  }

  async drop(stream: string): Promise<void> {
    await this.options.redis.client.sendCommand(['DEL', ...this.keys(stream)]);
  }

  private keys(stream: string): [string, string] {
    const key = this.options.key(stream);
    return [key, `${key}:meta`];
  }

  private entry(offset: string, fields: string[]): LogEntry<T> {
    const map = new Map<string, string>();
    for (let i = 0; i + 1 < fields.length; i += 2) map.set(fields[i]!, fields[i + 1]!);
    return { offset, value: JSON.parse(map.get('v') ?? 'null') as T, at: Number(map.get('at') ?? 0) };
  }
}
