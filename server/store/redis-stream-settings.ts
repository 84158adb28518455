// A missed-events stream's switches, shared by every node: whichever node a learner's "start at 5/s" reaches,
// the node holding the lab's lease reads it here and ticks at that rate, and a node taking over after a crash
// knows the stream was running. Layout: a hash per lab (running, rate, dropFirstAck, dedupe) expiring with the
// lab's idle lifetime, and one sorted set of running labs (lab id → last change) that nodes scan for leases.
import type { RedisConnection } from '../scale/redis.ts';

export interface StreamSettings {
  running: boolean;
  rate: number;
  dropFirstAck: boolean;
  dedupe: boolean;
}

export class RedisStreamSettings {
  private readonly redis: RedisConnection;
  private readonly key: (...parts: string[]) => string;
  private readonly ttl: string;

  constructor(redis: RedisConnection, key: (...parts: string[]) => string, ttlMs: number) {
    this.redis = redis;
    this.key = key;
    this.ttl = String(Math.ceil(ttlMs));
  }

  async save(labId: string, s: StreamSettings, now: number): Promise<void> {
    const hash = this.key('missed', 'settings', labId);
    const fields = ['running', s.running ? '1' : '0', 'rate', `${s.rate}`];
    fields.push('dropFirstAck', s.dropFirstAck ? '1' : '0', 'dedupe', s.dedupe ? '1' : '0');
    await this.send(['HSET', hash, ...fields]);
    await this.send(['PEXPIRE', hash, this.ttl]);
    if (s.running) await this.send(['ZADD', this.runningKey, `${now}`, labId]);
    else await this.send(['ZREM', this.runningKey, labId]);
  }

  async load(labId: string): Promise<StreamSettings | null> {
    const raw = (await this.send(['HGETALL', this.key('missed', 'settings', labId)])) as unknown;
    // RESP2 gives a flat [field, value, …] list; be tolerant of a map too.
    const map: Record<string, string> = Array.isArray(raw)
      ? Object.fromEntries(Array.from({ length: raw.length / 2 }, (_, i) => [raw[2 * i], raw[2 * i + 1]]))
      : ((raw ?? {}) as Record<string, string>);
    if (map.rate === undefined) return null;
    return {
      running: map.running === '1',
      rate: Number(map.rate),
      dropFirstAck: map.dropFirstAck === '1',
      dedupe: map.dedupe === '1',
    };
  }

  /** Labs whose stream is on; entries whose settings expired are dropped on the way. */
  async running(now: number): Promise<string[]> {
    // A running lab's entry is refreshed by its holder; one untouched for a whole ttl belongs to a lab that expired.
    await this.send(['ZREMRANGEBYSCORE', this.runningKey, '-inf', `${now - Number(this.ttl)}`]);
    return (await this.send(['ZRANGE', this.runningKey, '0', '-1'])) as string[];
  }

  /** The holder's "still running": keeps both the settings and the running entry from expiring. */
  async refresh(labId: string, now: number): Promise<void> {
    await this.send(['PEXPIRE', this.key('missed', 'settings', labId), this.ttl]);
    await this.send(['ZADD', this.runningKey, 'XX', `${now}`, labId]);
  }

  private get runningKey() {
    return this.key('missed', 'running');
  }

  private send(args: string[]): Promise<unknown> {
    return this.redis.client.sendCommand(args);
  }
}
