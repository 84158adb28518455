// A queue lab's version and settings, shared by every node on one Redis. Each node keeps its own LabQueue (its
// own consumer sockets), but all of them must run the same queue: the same settings, and the same version, which
// names the Redis keys the broker uses. A hash per lab holds both (expiring a minute after the lab's idle
// lifetime, refreshed while the lab ticks); a change is announced on a pub/sub channel, and every node rebuilds
// its queue at that version.
import { randomUUID } from 'node:crypto';
import type { RedisClientType } from '@redis/client';
import type { QueueSettings } from '../../src/contract/index.ts';
import type { Logger } from '../log.ts';
import type { ScaleContext } from '../scale/context.ts';
import { unreachable } from '../scale/lab-directory.ts';
import { queueSchemas } from '../schemas/queue-lab.ts';

export interface SharedQueueConfig {
  version: number;
  settings: QueueSettings;
  changedBy?: string;
}

// KEYS: the lab's hash. ARGV: ttl, channel, lab id, sender, settings JSON, changed by.
// Version 1 is every lab's default queue, never stored: the first change is version 2.
const SAVE = `
if redis.call('HEXISTS', KEYS[1], 'version') == 0 then redis.call('HSET', KEYS[1], 'version', 1) end
local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
redis.call('HSET', KEYS[1], 'settings', ARGV[5], 'changedBy', ARGV[6])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
redis.call('PUBLISH', ARGV[2], cjson.encode({ lab = ARGV[3], from = ARGV[4], version = version }))
return version
`;

export class SharedQueueSettings {
  private readonly conn: NonNullable<ScaleContext['redis']>;
  private readonly scale: ScaleContext;
  private readonly logger: Logger;
  private readonly ttl: string;
  private readonly channel: string;
  /** This node's own announcements come back on the channel: its id tells them apart. */
  private readonly self = randomUUID();
  private readonly listeners: ((labId: string) => void)[] = [];
  private subscriber?: RedisClientType;
  readonly ready: Promise<void>;

  constructor(scale: ScaleContext, ttlMs: number, logger: Logger) {
    if (!scale.redis) throw new Error('SharedQueueSettings needs a Redis connection');
    this.conn = scale.redis;
    this.scale = scale;
    this.logger = logger;
    this.ttl = String(Math.ceil(ttlMs));
    this.channel = scale.key('queue-changes');
    const conn = scale.redis;
    const channel = this.channel;
    this.ready = (async () => {
      this.subscriber = await conn.duplicate();
      await this.subscriber.subscribe(channel, (message: string) => this.heard(message));
    })();
    this.ready.catch((err) => logger.error('queue.shared.failed', { error: String(err) }));
  }

  /** Called with a lab id when another node changed that lab's queue: load() it and rebuild. */
  onRemoteChange(fn: (labId: string) => void): void {
    this.listeners.push(fn);
  }

  /** The lab's current queue; null while nobody has changed its settings (version 1, the defaults). */
  async load(labId: string): Promise<SharedQueueConfig | null> {
    // Fail at once while Redis is lost, rather than queue the read until it is back (the caller falls back).
    if (!this.conn.reachable()) throw unreachable();
    const [version, settings, changedBy] = (await this.conn.client.hmGet(this.key(labId), [
      'version',
      'settings',
      'changedBy',
    ])) as (string | null)[];
    if (!version || !settings) return null;
    // What comes back from the shared store is checked like anything else arriving from outside this process.
    const parsed = queueSchemas().settings.safeParse(JSON.parse(settings));
    if (!parsed.success) return null;
    return { version: Number(version), settings: parsed.data, changedBy: changedBy || undefined };
  }

  /** Stores new settings as the lab's next version, announces it, and returns that version. */
  async save(labId: string, settings: QueueSettings, changedBy: string | undefined): Promise<number> {
    if (!this.conn.reachable()) throw unreachable();
    await this.ready;
    const reply = await this.conn.client.eval(SAVE, {
      keys: [this.key(labId)],
      arguments: [this.ttl, this.channel, labId, this.self, JSON.stringify(settings), changedBy ?? ''],
    });
    return Number(reply);
  }

  /** Keeps a lab in use from losing its settings to the expiry. */
  async refresh(labId: string): Promise<void> {
    await this.conn.client.pExpire(this.key(labId), Number(this.ttl));
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (this.subscriber?.isOpen) await this.subscriber.quit().catch(() => this.subscriber?.destroy());
  }

  private heard(message: string): void {
    try {
      const { lab, from } = JSON.parse(message) as { lab?: unknown; from?: unknown };
      if (typeof lab !== 'string' || from === this.self) return;
      for (const fn of this.listeners) fn(lab);
    } catch (err) {
      this.logger.warn('queue.shared.bad', { error: String(err) });
    }
  }

  private key(labId: string): string {
    return this.scale.key('queue-config', labId);
  }
}
