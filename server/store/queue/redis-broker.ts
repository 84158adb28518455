// The queue lab's broker on Redis Streams consumer groups, for when the demo runs on a shared Redis.
//   publish      XADD stream MAXLEN ~ cap * id … body …   (refused first when a group holds maxDepth, XINFO GROUPS)
//   deliver      XREADGROUP GROUP g consumer COUNT <room left in the prefetch window> STREAMS stream >
//   ack          XACK (after XPENDING proves the consumer still owns that delivery)
//   redeliver    XAUTOCLAIM stream g consumer <visibility timeout> 0-0 COUNT n
//   poison rule  XPENDING delivery counts; past maxDeliveries: XACK, then XADD to the dead-letter stream
//   fan-out      one consumer group per subscriber (or per named group), created at "$": only later messages
// Keys live under one prefix per lab and queue version, expire after ttlMs without a publish, and are deleted
// by destroy() when the lab goes or its queue is rebuilt.
//
// Why two nodes ticking at once cannot double-deliver: a delivery is handed to a consumer only by XREADGROUP
// (each entry leaves a group's ">" once) or by XAUTOCLAIM, which moves ownership and resets idle time atomically
// inside Redis, so once one node has claimed an expired entry, the other node's XAUTOCLAIM no longer sees it as
// idle. Dead-lettering is decided by whoever holds the entry (it just claimed it, or its consumer nacked it),
// and the XADD to the dead-letter stream happens only if that node's XACK removed the entry (reply 1).
// Settling is XPENDING then XACK, two round trips: an entry that times out and is claimed by another node
// between them can be processed twice. That is at-least-once delivery, which is what this broker promises.
import type { RedisClientType } from 'redis';
import type { Clock } from '../../clock.ts';
import { resolveOptions } from './options.ts';
import type { ResolvedQueueOptions } from './options.ts';
import { parseAutoClaim, parseEntries, parseGroups, parsePending, parseReadGroup, summarize } from './redis-replies.ts';
import type { GroupInfo, StreamEntry } from './redis-replies.ts';
import type {
  AsyncMessageQueue,
  CommandListener,
  ConsumerOptions,
  DeadLetter,
  DeliverFn,
  LifecycleEvent,
  LifecycleListener,
  LifecycleReason,
  PublishInput,
  PublishResult,
  QueueOptions,
  QueueStats,
  SettleResult,
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
const REQUEUED_IDLE_MS = 1e12;
const WORK_GROUP = 'work';
/** The stream keeps acknowledged entries too; trimmed (approximately) past this many, far above maxDepth. */
const STREAM_CAP_PER_DEPTH = 25;

interface Held<T> {
  tag: string;
  entryId: string;
  messageId: string;
  body: T;
  attempt: number;
  consumer: Consumer<T>;
  deadline: number;
}

interface Consumer<T> {
  id: string;
  group: string;
  deliver: DeliverFn<T>;
  held: Map<string, Held<T>>;
}

/** How a command appears in the log: always, only when it found something (timer polls), or never (bookkeeping). */
type Visibility = 'log' | 'log-if-found' | 'hidden';

type Counter = 'published' | 'delivered' | 'redelivered' | 'acked' | 'deduped' | 'refused' | 'deadLettered';

type PendingEvent<T> = Omit<LifecycleEvent<T>, 'at' | 'depth' | 'inFlight' | 'deadLetters'>;

export class RedisStreamsQueue<T> implements AsyncMessageQueue<T> {
  readonly kind = 'redis-streams' as const;
  private readonly redis: RedisClientType;
  private readonly clock: Clock;
  private readonly opts: ResolvedQueueOptions;
  private readonly keys: { stream: string; dead: string; stats: string; seq: string; dedupe: string };
  private readonly ttlMs: number;
  private readonly consumers = new Map<string, Consumer<T>>();
  /** Local consumers per group, in subscription order, with a round-robin cursor. */
  private readonly groups = new Map<string, { members: Array<Consumer<T>>; next: number }>();
  private readonly lifecycle = new Set<LifecycleListener<T>>();
  private readonly commands = new Set<CommandListener>();
  /** Entries this node already announced as requeued (nack, consumer left): their claim is not a timeout. */
  private readonly announced = new Set<string>();
  private events: Array<PendingEvent<T>> = [];
  private counters = new Map<Counter, number>();
  private tagSeq = 0;
  /** Deliveries whose handler threw during this dispatch, failed once the dispatch has finished. */
  private thrown: Array<Held<T>> = [];
  private redispatches = 0;
  private chain: Promise<unknown>;
  private destroyed = false;

  constructor(options: RedisQueueOptions) {
    this.redis = options.redis;
    this.clock = options.clock;
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

  publish(input: PublishInput<T>): Promise<PublishResult> {
    return this.run(() => this.doPublish(input));
  }

  addConsumer(id: string, deliver: DeliverFn<T>, options: ConsumerOptions = {}): Promise<void> {
    return this.run(async () => {
      if (this.consumers.has(id)) throw new Error(`consumer "${id}" already exists`);
      const group = this.opts.mode === 'work' ? WORK_GROUP : (options.group ?? id);
      if (!this.groups.has(group)) {
        this.groups.set(group, { members: [], next: 0 });
        // Fan-out: a new group starts at "$", the stream's end, like a queue bound to an exchange after the fact.
        if (this.opts.mode === 'fanout') await this.createGroup(group, '$');
      }
      await this.cmd(['XGROUP', 'CREATECONSUMER', this.keys.stream, group, id]);
      const consumer: Consumer<T> = { id, group, deliver, held: new Map() };
      this.consumers.set(id, consumer);
      this.groups.get(group)!.members.push(consumer);
      await this.cmd(['HINCRBY', this.keys.stats, 'consumers', '1'], 'hidden');
      await this.dispatch('log');
    });
  }

  /**
   * A consumer leaving or crashing. With ack on, what it held goes back to its group at once (marked idle, then
   * claimed by a consumer with room); with auto-ack nothing was held: those messages are lost (at-most-once).
   */
  removeConsumer(id: string): Promise<boolean> {
    return this.run(async () => {
      const consumer = this.consumers.get(id);
      if (consumer === undefined) return false;
      this.consumers.delete(id);
      const group = this.groups.get(consumer.group)!;
      const index = group.members.indexOf(consumer);
      group.members.splice(index, 1);
      if (group.next > index) group.next--;
      const orphans = [...consumer.held.values()].sort((a, b) => compareIds(a.entryId, b.entryId));
      consumer.held.clear();
      if (orphans.length > 0) {
        // Only what Redis still lists as this consumer's goes back: another node may have claimed the rest.
        const reply = await this.cmd(['XPENDING', this.keys.stream, consumer.group, '-', '+', '1000', id]);
        const owned = new Map(parsePending(reply).map((p) => [p.id, p.deliveries]));
        for (const held of orphans) {
          if (owned.get(held.entryId) === held.attempt) await this.fail(held, 'consumer-removed');
        }
      }
      await this.cmd(['HINCRBY', this.keys.stats, 'consumers', '-1'], 'hidden');
      await this.dispatch('log', true);
      return true;
    });
  }

  ack(consumerId: string, tag: string): Promise<SettleResult> {
    return this.run(async () => {
      const found = await this.findHeld(consumerId, tag);
      if (!found.ok) return found;
      const held = found.held;
      await this.cmd(['XACK', this.keys.stream, held.consumer.group, held.entryId]);
      this.count('acked');
      this.event({ type: 'acked', ...this.about(held) });
      await this.dispatch('log');
      return { ok: true as const };
    });
  }

  /** requeue true (default): try again (or dead-letter when out of attempts); false: dead-letter at once. */
  nack(consumerId: string, tag: string, options: { requeue?: boolean } = {}): Promise<SettleResult> {
    return this.run(async () => {
      const found = await this.findHeld(consumerId, tag);
      if (!found.ok) return found;
      if (options.requeue === false) await this.deadLetter(found.held, 'rejected');
      else await this.fail(found.held, 'nack');
      await this.dispatch('log', true);
      return { ok: true as const };
    });
  }

  /**
   * The timer: consumers with room claim what has been idle past the visibility timeout, then read what other
   * nodes published since (a publish on one node dispatches only to that node's consumers at once).
   */
  tick({ claim = true }: { claim?: boolean } = {}): Promise<number> {
    return this.run(async () => {
      this.forgetLongExpired();
      return this.dispatch('log-if-found', this.opts.ack && claim);
    });
  }

  onLifecycle(listener: LifecycleListener<T>): () => void {
    this.lifecycle.add(listener);
    return () => this.lifecycle.delete(listener);
  }

  onCommand(listener: CommandListener): () => void {
    this.commands.add(listener);
    return () => this.commands.delete(listener);
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

  destroy(): Promise<void> {
    return this.run(async () => {
      this.destroyed = true;
      this.consumers.clear();
      this.groups.clear();
      const { stream, dead, stats, seq } = this.keys;
      await this.cmd(['DEL', stream, dead, stats, seq]);
    });
  }

  // ── steps (each runs inside run(), so one node's operations on a queue never interleave) ──

  private async doPublish(input: PublishInput<T>): Promise<PublishResult> {
    const messageId = input.id ?? `m${await this.cmd(['INCR', this.keys.seq], 'hidden')}`;
    const dedupeKey = input.dedupeKey ?? input.id;
    const dedupeRedisKey = dedupeKey === undefined ? undefined : `${this.keys.dedupe}:${dedupeKey}`;
    if (this.opts.dedupe && dedupeRedisKey !== undefined) {
      const window = String(Math.min(this.opts.dedupeWindowMs, 2 ** 31));
      const set = await this.cmd(['SET', dedupeRedisKey, '1', 'NX', 'PX', window]);
      if (set === null) {
        this.count('deduped');
        this.event({ type: 'deduped', messageId, attempt: 0, reason: 'duplicate', body: input.body });
        return { status: 'deduped', messageId, dedupeKey: dedupeKey! };
      }
    }
    const { groups } = await this.load('log');
    for (const group of groups) {
      const held = group.pending + (group.lag ?? 0);
      if (held >= this.opts.maxDepth) {
        // Refuse the whole publish (no partial fan-out) and forget the dedupe key, so a retry is accepted.
        if (this.opts.dedupe && dedupeRedisKey !== undefined) await this.cmd(['DEL', dedupeRedisKey], 'hidden');
        this.count('refused');
        this.event({ type: 'refused', messageId, group: group.name, attempt: 0, reason: 'max-depth' });
        return {
          status: 'refused',
          messageId,
          reason: 'max-depth',
          error:
            `queue full: group "${group.name}" holds ${held} messages (ready + in flight), ` +
            `maxDepth is ${this.opts.maxDepth}; slow down and retry`,
          group: group.name,
          held,
          maxDepth: this.opts.maxDepth,
        };
      }
    }
    this.count('published');
    if (groups.length === 0) {
      this.event({ type: 'dropped', messageId, attempt: 0, reason: 'no-subscribers', body: input.body });
      return { status: 'dropped', messageId, reason: 'no-subscribers' };
    }
    const cap = String(this.opts.maxDepth * STREAM_CAP_PER_DEPTH);
    const body = JSON.stringify(input.body);
    await this.cmd(['XADD', this.keys.stream, 'MAXLEN', '~', cap, '*', 'id', messageId, 'body', body]);
    await this.touch();
    for (const group of groups)
      this.event({ type: 'enqueued', messageId, group: group.name, attempt: 0, body: input.body });
    await this.dispatch('log');
    return { status: 'enqueued', messageId, copies: groups.length };
  }

  /**
   * Hands messages to this node's consumers that have room, round robin per group: first what is idle past the
   * visibility timeout or was handed back (XAUTOCLAIM, when `claim`), then new entries (XREADGROUP ">").
   * Returns how many entries were claimed back.
   */
  private async dispatch(visibility: Visibility, claim = false): Promise<number> {
    let claimed = 0;
    for (const group of this.groups.values()) {
      const n = group.members.length;
      for (let i = 0; i < n; i++) {
        const index = (group.next + i) % n;
        const consumer = group.members[index];
        let room = this.room(consumer);
        if (room <= 0) continue;
        let got = 0;
        if (claim && this.opts.ack) {
          const taken = await this.claimFor(consumer, room, visibility);
          claimed += taken;
          got += taken;
          room = this.room(consumer);
        }
        if (room > 0) got += await this.readFor(consumer, room, visibility);
        if (got > 0) group.next = (index + 1) % n;
      }
    }
    // Handlers that threw failed their attempt; handing those back may deliver again (bounded by maxDeliveries).
    const thrown = this.thrown;
    this.thrown = [];
    for (const held of thrown) await this.fail(held, 'handler-threw');
    if (thrown.length > 0 && this.redispatches++ < this.opts.maxDepth * 10)
      claimed += await this.dispatch(visibility, true);
    return claimed;
  }

  /** Room left in the consumer's prefetch window: deliveries it holds whose visibility timeout has not passed. */
  private room(consumer: Consumer<T>): number {
    if (!this.opts.ack) return Math.min(this.opts.prefetch, this.opts.maxDepth);
    const now = this.clock.now();
    let live = 0;
    for (const held of consumer.held.values()) if (held.deadline > now) live++;
    return Math.min(this.opts.prefetch, this.opts.maxDepth) - live;
  }

  private async readFor(consumer: Consumer<T>, room: number, visibility: Visibility): Promise<number> {
    const args = ['XREADGROUP', 'GROUP', consumer.group, consumer.id, 'COUNT', String(room)];
    // Auto-ack: NOACK keeps the entry out of the pending list, so nothing can bring it back (at-most-once).
    if (!this.opts.ack) args.push('NOACK');
    args.push('STREAMS', this.keys.stream, '>');
    const entries = parseReadGroup(await this.cmd(args, visibility === 'hidden' ? 'hidden' : 'log-if-found'));
    for (const entry of entries) this.deliver(consumer, entry, 1);
    return entries.length;
  }

  private async claimFor(consumer: Consumer<T>, room: number, visibility: Visibility): Promise<number> {
    const minIdle = String(Math.min(this.opts.visibilityTimeoutMs, REQUEUED_IDLE_MS));
    const reply = await this.cmd(
      ['XAUTOCLAIM', this.keys.stream, consumer.group, consumer.id, minIdle, '0-0', 'COUNT', String(room)],
      visibility === 'log' ? 'log' : 'log-if-found',
    );
    const { entries } = parseAutoClaim(reply);
    if (entries.length === 0) return 0;
    // XAUTOCLAIM counted a delivery for each entry; XPENDING tells how many each has had, for the poison rule.
    const pending = parsePending(
      await this.cmd([
        'XPENDING',
        this.keys.stream,
        consumer.group,
        entries[0].id,
        entries.at(-1)!.id,
        '1000',
        consumer.id,
      ]),
    );
    const deliveries = new Map(pending.map((p) => [p.id, p.deliveries]));
    for (const entry of entries) {
      const attempt = deliveries.get(entry.id) ?? 2;
      const previous = this.previousHolder(entry.id);
      const base = {
        messageId: entry.fields.id ?? entry.id,
        group: consumer.group,
        body: this.decode(entry.fields.body),
      };
      if (!this.announced.delete(entry.id)) {
        this.event({ type: 'requeued', ...base, consumerId: previous, attempt: attempt - 1, reason: 'timeout' });
      }
      if (attempt - 1 >= this.opts.maxDeliveries) {
        const held = this.hold(consumer, entry, attempt - 1);
        consumer.held.delete(held.tag);
        await this.deadLetter(held, 'max-deliveries', previous);
      } else {
        this.deliver(consumer, entry, attempt);
      }
    }
    return entries.length;
  }

  private deliver(consumer: Consumer<T>, entry: StreamEntry, attempt: number): void {
    const held = this.hold(consumer, entry, attempt);
    const redelivered = attempt > 1;
    this.count('delivered');
    if (redelivered) this.count('redelivered');
    const base = this.about(held);
    this.event({ type: redelivered ? 'redelivered' : 'delivered', ...base });
    if (!this.opts.ack) {
      consumer.held.delete(held.tag);
      this.count('acked');
      this.event({ type: 'acked', ...base, reason: 'auto-ack' });
    }
    try {
      consumer.deliver({
        deliveryTag: held.tag,
        messageId: held.messageId,
        body: held.body,
        attempt,
        redelivered,
        consumerId: consumer.id,
        group: consumer.group,
      });
    } catch {
      // A throwing handler is a failed attempt, so a poison message ends in the dead-letter stream.
      if (this.opts.ack && consumer.held.get(held.tag) === held) {
        consumer.held.delete(held.tag);
        this.thrown.push(held);
      }
    }
  }

  private hold(consumer: Consumer<T>, entry: StreamEntry, attempt: number): Held<T> {
    const tag = `t${++this.tagSeq}`;
    const held: Held<T> = {
      tag,
      entryId: entry.id,
      messageId: entry.fields.id ?? entry.id,
      body: this.decode(entry.fields.body) as T,
      attempt,
      consumer,
      deadline: this.clock.now() + this.opts.visibilityTimeoutMs,
    };
    // An entry claimed here from another local consumer is no longer theirs.
    for (const other of this.consumers.values()) {
      for (const h of other.held.values())
        if (h.entryId === entry.id && h.consumer.group === consumer.group) other.held.delete(h.tag);
    }
    consumer.held.set(tag, held);
    return held;
  }

  /** The tag must be this consumer's, and Redis must still list the entry as its, at the same delivery count. */
  private async findHeld(
    consumerId: string,
    tag: string,
  ): Promise<{ ok: true; held: Held<T> } | Extract<SettleResult, { ok: false }>> {
    const consumer = this.consumers.get(consumerId);
    if (consumer === undefined) return { ok: false, reason: 'unknown-consumer', error: `no consumer "${consumerId}"` };
    const held = consumer.held.get(tag);
    const stale = {
      ok: false as const,
      reason: 'unknown-tag' as const,
      error: `"${tag}" is not in flight for "${consumerId}": already settled, timed out and handed back, or auto-acked`,
    };
    if (held === undefined) return stale;
    const reply = await this.cmd(['XPENDING', this.keys.stream, consumer.group, held.entryId, held.entryId, '1']);
    const [row] = parsePending(reply);
    consumer.held.delete(tag);
    if (row === undefined || row.consumer !== consumerId || row.deliveries !== held.attempt) return stale;
    return { ok: true, held };
  }

  /** A delivery that did not succeed: hand it back for another try, or dead-letter it when out of attempts. */
  private async fail(held: Held<T>, reason: LifecycleReason): Promise<void> {
    if (held.attempt >= this.opts.maxDeliveries) {
      await this.deadLetter(held, 'max-deliveries');
      return;
    }
    const { stream } = this.keys;
    await this.cmd([
      'XCLAIM',
      stream,
      held.consumer.group,
      held.consumer.id,
      '0',
      held.entryId,
      'IDLE',
      String(REQUEUED_IDLE_MS),
      'JUSTID',
    ]);
    this.announced.add(held.entryId);
    // Entries another node claimed are never seen here again: keep the set bounded.
    if (this.announced.size > 1000) this.announced.delete(this.announced.values().next().value as string);
    this.event({ type: 'requeued', ...this.about(held), reason });
  }

  /** XACK first: only the node whose XACK removed the entry copies it to the dead-letter stream. */
  private async deadLetter(held: Held<T>, reason: LifecycleReason, consumerId = held.consumer.id): Promise<void> {
    const removed = await this.cmd(['XACK', this.keys.stream, held.consumer.group, held.entryId]);
    if (Number(removed) !== 1) return;
    const cap = this.opts.maxDeadLetters === Infinity ? [] : ['MAXLEN', String(this.opts.maxDeadLetters)];
    const fields = [
      'id',
      held.messageId,
      'body',
      JSON.stringify(held.body),
      'group',
      held.consumer.group,
      'attempts',
      String(held.attempt),
      'reason',
      reason,
      'at',
      String(this.clock.now()),
    ];
    await this.cmd(['XADD', this.keys.dead, ...cap, '*', ...fields]);
    await this.touch();
    this.count('deadLettered');
    this.event({ type: 'dead-lettered', ...this.about(held), consumerId, reason });
  }

  private async createGroup(group: string, start: string): Promise<void> {
    try {
      await this.cmd(['XGROUP', 'CREATE', this.keys.stream, group, start, 'MKSTREAM']);
    } catch (err) {
      // Another node (or an earlier subscriber) made it first: one group, shared.
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
    await this.touch();
  }

  /** Groups and their depth: ready = lag (not yet delivered), in flight = pending (delivered, not acked). */
  private async load(visibility: Visibility): Promise<{ groups: GroupInfo[]; depth: number; inFlight: number }> {
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
  private async touch(): Promise<void> {
    const ttl = String(this.ttlMs);
    // Sent together: node-redis pipelines commands issued in the same tick, one round trip for all four.
    const keys = [this.keys.stream, this.keys.dead, this.keys.stats, this.keys.seq];
    await Promise.all(keys.map((key) => this.cmd(['PEXPIRE', key, ttl], 'hidden')));
  }

  /** Drops local records of deliveries that timed out a full timeout ago (another node has claimed them since). */
  private forgetLongExpired(): void {
    const cutoff = this.clock.now() - this.opts.visibilityTimeoutMs;
    for (const consumer of this.consumers.values()) {
      for (const [tag, held] of consumer.held) if (held.deadline < cutoff) consumer.held.delete(tag);
    }
  }

  private previousHolder(entryId: string): string | undefined {
    for (const consumer of this.consumers.values()) {
      for (const held of consumer.held.values()) if (held.entryId === entryId) return consumer.id;
    }
    return undefined;
  }

  private about(held: Held<T>) {
    return {
      messageId: held.messageId,
      consumerId: held.consumer.id,
      group: held.consumer.group,
      attempt: held.attempt,
      body: held.body,
    };
  }

  private decode(text: string | undefined): T | undefined {
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as T;
    } catch {
      return undefined;
    }
  }

  private count(counter: Counter): void {
    this.counters.set(counter, (this.counters.get(counter) ?? 0) + 1);
  }

  private event(event: PendingEvent<T>): void {
    this.events.push(event);
  }

  /**
   * Runs one operation after the previous one on this node has finished, then writes its counters and sends its
   * lifecycle events, stamped with the depth Redis reports once the operation is done.
   */
  private run<R>(step: () => Promise<R>): Promise<R> {
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

  private async flush(): Promise<void> {
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

  private async cmd(args: string[], visibility: Visibility = 'log'): Promise<unknown> {
    const reply = await this.redis.sendCommand(args);
    if (visibility === 'hidden' || this.commands.size === 0) return reply;
    const empty =
      reply === null || (Array.isArray(reply) && (args[0] === 'XAUTOCLAIM' ? isEmptyClaim(reply) : reply.length === 0));
    if (visibility === 'log-if-found' && empty) return reply;
    const command = { args: [...args], reply: summarize(args[0], reply), at: this.clock.now() };
    for (const listener of this.commands) {
      try {
        listener(command);
      } catch {
        // A broken log view must not break the queue.
      }
    }
    return reply;
  }
}

function isEmptyClaim(reply: unknown[]): boolean {
  return !Array.isArray(reply[1]) || reply[1].length === 0;
}

function pairsToObject(list: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < list.length; i += 2) out[list[i]] = list[i + 1];
  return out;
}

/** Stream ids ("ms-seq") in stream order. */
function compareIds(a: string, b: string): number {
  const [am, as] = a.split('-').map(Number);
  const [bm, bs] = b.split('-').map(Number);
  return am - bm || as - bs;
}
