// The Redis broker's state on this node and its bookkeeping: keys, local consumers and their groups, operations
// run one after another (run), counters and lifecycle events sent once an operation is done (flush), the groups'
// depth as Redis reports it (load), key expiry (touch), and the read-only calls (stats, dead letters).
import type { RedisClientType } from '@redis/client';
import { resolveOptions } from './options.ts';
import type { ResolvedQueueOptions } from './options.ts';
import { RedisCommandLog, type Visibility } from './redis-command-log.ts';
import { parseEntries, parseGroups } from './redis-replies.ts';
import type { GroupInfo } from './redis-replies.ts';
import type {
  DeadLetter,
  DeliverFn,
  LifecycleEvent,
  LifecycleListener,
  LifecycleReason,
  QueueOptions,
  QueueStats,
} from './types.ts';

export interface RedisQueueOptions extends QueueOptions {
  redis: RedisClientType;
  /** Prefix of every key this queue uses, e.g. "sp:queue:<lab>:<version>". */
  keyPrefix: string;
  /** Keys expire this long after the last write. */
  ttlMs: number;
}

/**
 * Idle time given to an entry that was nacked or whose consumer left: far above any visibility timeout, so the
 * next XAUTOCLAIM takes it at once, without counting it as a delivery (XCLAIM … JUSTID leaves the counter).
 */
export const REQUEUED_IDLE_MS = 1e12;
export const WORK_GROUP = 'work';
/** The stream keeps acknowledged entries too; trimmed (approximately) past this many, far above maxDepth. */
export const STREAM_CAP_PER_DEPTH = 25;

export interface Held<T> {
  tag: string;
  entryId: string;
  messageId: string;
  body: T;
  attempt: number;
  consumer: Consumer<T>;
  deadline: number;
}

export interface Consumer<T> {
  id: string;
  group: string;
  deliver: DeliverFn<T>;
  held: Map<string, Held<T>>;
}

export type Counter = 'published' | 'delivered' | 'redelivered' | 'acked' | 'deduped' | 'refused' | 'deadLettered';

export type PendingEvent<T> = Omit<LifecycleEvent<T>, 'at' | 'depth' | 'inFlight' | 'deadLetters'>;
export class RedisQueueState<T> extends RedisCommandLog {
  protected readonly opts: ResolvedQueueOptions;
  protected readonly keys: { stream: string; dead: string; stats: string; seq: string; dedupe: string };
  protected readonly ttlMs: number;
  protected readonly consumers = new Map<string, Consumer<T>>();
  /** Local consumers per group, in subscription order, with a round-robin cursor. */
  protected readonly groups = new Map<string, { members: Array<Consumer<T>>; next: number }>();
  protected readonly lifecycle = new Set<LifecycleListener<T>>();
  /** Entries this node already announced as requeued (nack, consumer left): their claim is not a timeout. */
  protected readonly announced = new Set<string>();
  protected events: Array<PendingEvent<T>> = [];
  protected counters = new Map<Counter, number>();
  protected tagSeq = 0;
  /** Deliveries whose handler threw during this dispatch, failed once the dispatch has finished. */
  protected thrown: Array<Held<T>> = [];
  protected redispatches = 0;
  protected chain: Promise<unknown>;
  protected destroyed = false;

  constructor(options: RedisQueueOptions) {
    super(options.redis, options.clock);
    this.opts = resolveOptions(options);
    this.ttlMs = options.ttlMs;
    const p = options.keyPrefix;
    this.keys = {
      stream: `${p}:stream`,
      dead: `${p}:dead`,
      stats: `${p}:stats`,
      seq: `${p}:seq`,
      dedupe: `${p}:dedupe`,
    };
    // A work queue's group exists before anyone consumes, so early messages wait (as in the in-memory broker).
    this.chain = this.opts.mode === 'work' ? this.createGroup(WORK_GROUP, '0') : Promise.resolve();
  }

  onLifecycle(listener: LifecycleListener<T>): () => void {
    this.lifecycle.add(listener);
    return () => this.lifecycle.delete(listener);
  }

  stats(): Promise<QueueStats> {
    return this.run(async () => {
      const { depth, inFlight } = await this.load('hidden');
      const dead = Number(await this.cmd(['XLEN', this.keys.dead], 'hidden'));
      const raw = (await this.cmd(['HGETALL', this.keys.stats], 'hidden')) as string[] | Record<string, string>;
      const hash: Record<string, string> = Array.isArray(raw) ? pairsToObject(raw) : raw;
      const n = (name: string) => Number(hash[name] ?? 0);
      return {
        depth,
        inFlight,
        deadLetters: dead,
        published: n('published'),
        delivered: n('delivered'),
        redelivered: n('redelivered'),
        acked: n('acked'),
        deduped: n('deduped'),
        refused: n('refused'),
        deadLettered: n('deadLettered'),
        consumers: Math.max(0, n('consumers')),
      };
    });
  }

  deadLetters(): Promise<Array<DeadLetter<T>>> {
    return this.run(async () => {
      const reply = await this.cmd(['XRANGE', this.keys.dead, '-', '+'], 'hidden');
      return parseEntries(reply).map((e) => ({
        messageId: e.fields.id ?? e.id,
        body: this.decode(e.fields.body) as T,
        group: e.fields.group ?? '',
        attempts: Number(e.fields.attempts ?? 0),
        reason: (e.fields.reason ?? 'max-deliveries') as LifecycleReason,
        at: Number(e.fields.at ?? 0),
      }));
    });
  }

  protected async createGroup(group: string, start: string): Promise<void> {
    try {
      await this.cmd(['XGROUP', 'CREATE', this.keys.stream, group, start, 'MKSTREAM']);
    } catch (err) {
      // Another node (or an earlier subscriber) made it first: one group, shared.
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
    await this.touch();
  }

  /** Groups and their depth: ready = lag (not yet delivered), in flight = pending (delivered, not acked). */
  protected async load(visibility: Visibility): Promise<{ groups: GroupInfo[]; depth: number; inFlight: number }> {
    let groups: GroupInfo[] = [];
    try {
      groups = parseGroups(await this.cmd(['XINFO', 'GROUPS', this.keys.stream], visibility));
    } catch (err) {
      if (!String((err as Error).message).includes('no such key')) throw err;
    }
    for (const group of groups) {
      if (group.lag !== null) continue;
      // Redis cannot tell the lag after trimming: count what is past the group's last delivered id.
      const after = await this.cmd(
        ['XRANGE', this.keys.stream, `(${group.lastDeliveredId}`, '+', 'COUNT', String(this.opts.maxDepth + 1)],
        visibility,
      );
      group.lag = Array.isArray(after) ? after.length : 0;
    }
    const depth = groups.reduce((sum, g) => sum + (g.lag ?? 0), 0);
    const inFlight = groups.reduce((sum, g) => sum + g.pending, 0);
    return { groups, depth, inFlight };
  }

  /** Every key of this queue expires ttlMs after the last write, so an abandoned lab leaves nothing behind. */
  protected async touch(): Promise<void> {
    const ttl = String(this.ttlMs);
    // Sent together: node-redis pipelines commands issued in the same tick, one round trip for all four.
    const keys = [this.keys.stream, this.keys.dead, this.keys.stats, this.keys.seq];
    await Promise.all(keys.map((key) => this.cmd(['PEXPIRE', key, ttl], 'hidden')));
  }

  protected about(held: Held<T>) {
    return {
      messageId: held.messageId,
      consumerId: held.consumer.id,
      group: held.consumer.group,
      attempt: held.attempt,
      body: held.body,
    };
  }

  protected decode(text: string | undefined): T | undefined {
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      return undefined;
    }
  }

  protected count(counter: Counter): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + 1);
  }

  protected event(event: PendingEvent<T>): void {
    this.events.push(event);
  }

  /**
   * Runs one operation after the previous one on this node has finished, then writes its counters and sends its
   * lifecycle events, stamped with the depth Redis reports once the operation is done.
   */
  protected run<R>(step: () => Promise<R>): Promise<R> {
    const result = this.chain.then(async () => {
      if (this.destroyed) throw new Error('this queue was closed');
      this.redispatches = 0;
      try {
        return await step();
      } finally {
        await this.flush();
      }
    });
    this.chain = result.catch(() => {});
    return result;
  }

  protected async flush(): Promise<void> {
    const counters = [...this.counters];
    this.counters = new Map();
    const events = this.events;
    this.events = [];
    const report = events.length > 0 && this.lifecycle.size > 0;
    // Counters and the depth figures go out together (pipelined): one round trip, not one per command.
    const [, loaded, dead] = await Promise.all([
      Promise.all(counters.map(([name, by]) => this.cmd(['HINCRBY', this.keys.stats, name, String(by)], 'hidden'))),
      report ? this.load('hidden') : undefined,
      report ? this.cmd(['XLEN', this.keys.dead], 'hidden') : undefined,
    ]);
    if (!report || loaded === undefined) return;
    const { depth, inFlight } = loaded;
    const deadLetters = Number(dead);
    const at = this.clock.now();
    for (const partial of events) {
      const event: LifecycleEvent<T> = { ...partial, at, depth, inFlight, deadLetters };
      for (const listener of this.lifecycle) {
        try {
          listener(event);
        } catch (error) {
          queueMicrotask(() => {
            throw error;
          });
        }
      }
    }
  }
}

export function pairsToObject(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i]] = list[i + 1];
  return out;
}

/** Stream ids ("ms-seq") in stream order. */
export function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am - bm || as - bs;
}
