import type { Clock } from '../clock.ts';
import type { LogEntry, OffsetLog, ReadResult } from './offset-log.ts';
import { compareOffsets, formatOffset, nextOffset, parseOffset } from './offset.ts';
import type { ParsedOffset } from './offset.ts';

export interface InMemoryOffsetLogOptions {
  clock: Clock;
  /** Entries kept per stream; the oldest are trimmed first (like XADD MAXLEN). */
  maxEntries: number;
  /** Streams kept at once; the least recently used is dropped whole. */
  maxStreams: number;
  /** Entries older than this are gone. Infinity keeps them until trimmed. */
  maxAgeMs: number;
}

interface StoredEntry<T> {
  parsed: ParsedOffset;
  entry: LogEntry<T>;
}

interface StreamState<T> {
  entries: Array<StoredEntry<T>>;
  /** First offset of this incarnation; an older offset came from before it. */
  first: ParsedOffset | null;
  last: ParsedOffset | null;
  /** Newest offset ever removed by trimming or expiry: the truncation line. */
  removedThrough: ParsedOffset | null;
}

function requirePositive(name: string, value: number, allowInfinity: boolean): void {
  const ok = allowInfinity ? value > 0 : Number.isInteger(value) && value > 0;
  if (!ok) throw new RangeError(`${name} must be a positive ${allowInfinity ? 'number' : 'integer'}, got ${value}`);
}

/**
 * Bounded, expiring, in-process log. Expiry is applied lazily on every access
 * (so answers are always correct for the clock's current time) and eagerly by
 * `sweep()`, which a server can call on an interval to release memory.
 */
export class InMemoryOffsetLog<T> implements OffsetLog<T> {
  private readonly clock: Clock;
  private readonly maxEntries: number;
  private readonly maxStreams: number;
  private readonly maxAgeMs: number;
  // Map iteration order doubles as LRU order: touching re-inserts at the end.
  private readonly streams = new Map<string, StreamState<T>>();
  // Ids are issued from one counter for the whole log, not per stream, so a
  // stream that is dropped or evicted and then recreated never reuses an
  // offset a client may still hold.
  private lastIssued: ParsedOffset | null = null;

  constructor(options: InMemoryOffsetLogOptions) {
    requirePositive('maxEntries', options.maxEntries, false);
    requirePositive('maxStreams', options.maxStreams, false);
    requirePositive('maxAgeMs', options.maxAgeMs, true);
    this.clock = options.clock;
    this.maxEntries = options.maxEntries;
    this.maxStreams = options.maxStreams;
    this.maxAgeMs = options.maxAgeMs;
  }

  async append(stream: string, value: T): Promise<{ offset: string }> {
    const now = this.clock.now();
    const state = this.touch(stream) ?? this.create(stream);
    this.expire(state, now);
    const parsed = nextOffset(this.lastIssued, now);
    this.lastIssued = parsed;
    state.first ??= parsed;
    const offset = formatOffset(parsed);
    state.entries.push({ parsed, entry: { offset, value, at: now } });
    state.last = parsed;
    if (state.entries.length > this.maxEntries) {
      this.removeOldest(state, state.entries.length - this.maxEntries);
    }
    return { offset };
  }

  async readAfter(stream: string, afterOffset: string | null, limit: number): Promise<ReadResult<T>> {
    requirePositive('limit', limit, false);
    const after = afterOffset === null ? null : parseOffset(afterOffset);
    const state = this.touch(stream);
    if (state === undefined) {
      // Someone holding an offset for a stream we no longer have lost
      // whatever was in it; a fresh reader (null) has lost nothing.
      return { entries: [], truncated: after !== null, oldest: null, latest: null, hasMore: false };
    }
    this.expire(state, this.clock.now());
    const start = after === null ? 0 : this.firstIndexAfter(state, after);
    const slice = state.entries.slice(start, start + limit);
    return {
      entries: slice.map((stored) => stored.entry),
      truncated: this.isTruncated(state, after),
      oldest: state.entries.length > 0 ? state.entries[0].entry.offset : null,
      latest: state.last === null ? null : formatOffset(state.last),
      hasMore: start + limit < state.entries.length,
    };
  }

  async latest(stream: string): Promise<string | null> {
    const state = this.touch(stream);
    return state?.last ? formatOffset(state.last) : null;
  }

  async last(stream: string): Promise<LogEntry<T> | null> {
    const state = this.touch(stream);
    if (!state) return null;
    this.expire(state, this.clock.now());
    return state.entries[state.entries.length - 1]?.entry ?? null;
  }

  async drop(stream: string): Promise<void> {
    this.streams.delete(stream);
  }

  /** Remove every expired entry now; returns how many went. */
  sweep(): number {
    const now = this.clock.now();
    let removed = 0;
    for (const state of this.streams.values()) removed += this.expire(state, now);
    return removed;
  }

  /** Number of streams currently held (for tests and metrics). */
  streamCount(): number {
    return this.streams.size;
  }

  private touch(stream: string): StreamState<T> | undefined {
    const state = this.streams.get(stream);
    if (state !== undefined) {
      this.streams.delete(stream);
      this.streams.set(stream, state);
    }
    return state;
  }

  private create(stream: string): StreamState<T> {
    while (this.streams.size >= this.maxStreams) {
      const lru = this.streams.keys().next().value as string;
      this.streams.delete(lru);
    }
    const state: StreamState<T> = { entries: [], first: null, last: null, removedThrough: null };
    this.streams.set(stream, state);
    return state;
  }

  private expire(state: StreamState<T>, now: number): number {
    let count = 0;
    // Entries are in append order and `at` never decreases along it... unless
    // the clock went backwards, so stop at the first entry still alive.
    while (count < state.entries.length && now - state.entries[count].entry.at >= this.maxAgeMs) count++;
    if (count > 0) this.removeOldest(state, count);
    return count;
  }

  private removeOldest(state: StreamState<T>, count: number): void {
    const removed = state.entries.splice(0, count);
    state.removedThrough = removed[removed.length - 1].parsed;
  }

  /**
   * Did entries the reader never saw disappear? Either some were trimmed or
   * expired past its offset, or its offset predates this stream's current
   * incarnation (the stream was dropped or evicted since): then whatever the
   * old incarnation held after that offset is gone. The second case is
   * conservative: the reader may in fact have seen all of it.
   */
  private isTruncated(state: StreamState<T>, after: ParsedOffset | null): boolean {
    const removed = state.removedThrough;
    if (removed !== null && (after === null || compareOffsets(after, removed) < 0)) return true;
    return after !== null && state.first !== null && compareOffsets(after, state.first) < 0;
  }

  /** Binary search: index of the first entry with offset > after. */
  private firstIndexAfter(state: StreamState<T>, after: ParsedOffset): number {
    let lo = 0;
    let hi = state.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareOffsets(state.entries[mid].parsed, after) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
