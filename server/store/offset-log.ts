// The contract behind "replay missed events by offset". Async so a Redis
// Streams implementation (XADD / XRANGE with an exclusive start / XTRIM) can
// satisfy it without changing callers.

export interface LogEntry<T> {
  offset: string;
  value: T;
  /** Clock time at append, in ms. */
  at: number;
}

export interface ReadResult<T> {
  /** Entries strictly after the requested offset, oldest first. */
  entries: Array<LogEntry<T>>;
  /**
   * True when entries the caller has not seen were removed before it asked
   * (trimmed, expired, or the whole stream evicted). The client cannot recover
   * them from this log and should say "events before `oldest` are gone".
   */
  truncated: boolean;
  /** Oldest offset still retained, or null when nothing is retained. */
  oldest: string | null;
  /** Newest offset ever appended to the stream (may itself have expired). */
  latest: string | null;
  /** True when `limit` cut the answer short; read again after the last entry. */
  hasMore: boolean;
}

export interface OffsetLog<T> {
  append(stream: string, value: T): Promise<{ offset: string }>;
  /** `afterOffset` null means "from the start of what is retained". */
  readAfter(stream: string, afterOffset: string | null, limit: number): Promise<ReadResult<T>>;
  /** Newest offset ever appended, even if expired since; null for an unknown stream. */
  latest(stream: string): Promise<string | null>;
  /** The newest entry still retained, or null: where a stream taken over by another node resumes counting. */
  last(stream: string): Promise<LogEntry<T> | null>;
  drop(stream: string): Promise<void>;
}
