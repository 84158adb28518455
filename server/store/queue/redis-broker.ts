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
// between them can be processed twice. That is at-least-once delivery, which is what this broker promises.// The code is split by job into layers, each a subclass of the one before: redis-command-log.ts (every command,
// and the log of them), redis-queue-state.ts (keys, local consumers, run/flush, depth, reads),
// redis-queue-deliveries.ts (holding, claiming, settling, dead-lettering); this file is the publish and consume
// path and the interface the lab uses.
import { compareIds, STREAM_CAP_PER_DEPTH, WORK_GROUP, type Consumer } from './redis-queue-state.ts';
import { RedisQueueDeliveries } from './redis-queue-deliveries.ts';
import type { Visibility } from './redis-command-log.ts';
import { parsePending, parseReadGroup } from './redis-replies.ts';
import type {
  AsyncMessageQueue,
  ConsumerOptions,
  DeliverFn,
  PublishInput,
  PublishResult,
  SettleResult,
} from './types.ts';

export type { RedisQueueOptions } from './redis-queue-state.ts';

export class RedisStreamsQueue<T> extends RedisQueueDeliveries<T> implements AsyncMessageQueue<T> {
  readonly kind = 'redis-streams' as const;

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
}
