// The Redis broker's delivery bookkeeping, and its pending/claim and dead-letter path: a delivery held by a local
// consumer (hold, deliver), taken back after the visibility timeout (claimFor: XAUTOCLAIM, XPENDING for the
// delivery count), settled only while Redis still lists it as the consumer's (findHeld), handed back (fail:
// XCLAIM … IDLE) or dead-lettered (XACK, then XADD to the dead-letter stream).
import { parseAutoClaim, parsePending } from './redis-replies.ts';
import type { StreamEntry } from './redis-replies.ts';
import type { Visibility } from './redis-command-log.ts';
import { REQUEUED_IDLE_MS, RedisQueueState, type Consumer, type Held } from './redis-queue-state.ts';
import type { LifecycleReason, SettleResult } from './types.ts';

export class RedisQueueDeliveries<T> extends RedisQueueState<T> {
  protected async claimFor(consumer: Consumer<T>, room: number, visibility: Visibility): Promise<number> {
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

  protected deliver(consumer: Consumer<T>, entry: StreamEntry, attempt: number): void {
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

  protected hold(consumer: Consumer<T>, entry: StreamEntry, attempt: number): Held<T> {
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
  protected async findHeld(
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
  protected async fail(held: Held<T>, reason: LifecycleReason): Promise<void> {
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
  protected async deadLetter(held: Held<T>, reason: LifecycleReason, consumerId = held.consumer.id): Promise<void> {
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

  /** Drops local records of deliveries that timed out a full timeout ago (another node has claimed them since). */
  protected forgetLongExpired(): void {
    const cutoff = this.clock.now() - this.opts.visibilityTimeoutMs;
    for (const consumer of this.consumers.values()) {
      for (const [tag, held] of consumer.held) if (held.deadline < cutoff) consumer.held.delete(tag);
    }
  }

  protected previousHolder(entryId: string): string | undefined {
    for (const consumer of this.consumers.values()) {
      for (const held of consumer.held.values()) if (held.entryId === entryId) return consumer.id;
    }
    return undefined;
  }
}
