// The "Your socket" widget's connection list across nodes: each node writes its own lab sockets' 4-tuples and
// transports into one Redis hash per lab, and announces the change on a channel so every node can push fresh
// lists to its own watchers. The page token is kept only as a hash, to tell "same page" without storing it.
// Simplification: a remote connection's transport is the one it had when it entered the lab (an upgrade from
// polling to WebSocket on another node shows at that node's next change); local ones are always read live.
import { createHash } from 'node:crypto';
import type { RedisClientType } from '@redis/client';
import type { Endpoint, TransportName } from '../../src/contract/connection.ts';
import type { ScaleContext } from './context.ts';

export interface SharedConnection {
  socketId: string;
  node: string;
  client: Endpoint;
  server: Endpoint;
  transport: TransportName;
  /** sha256 of the page token, when the socket sent one */
  page?: string;
}

export const pageHash = (page: string | undefined) =>
  page === undefined ? undefined : createHash('sha256').update(page).digest('base64url');

export class RedisLabSockets {
  private readonly redis: RedisClientType;
  private readonly scale: ScaleContext;
  private readonly ttlMs: number;
  private readonly channel: string;
  private subscriber?: RedisClientType;
  readonly ready: Promise<void>;

  /** `changed(labId)` runs on every node when any node's connections in that lab change. */
  constructor(scale: ScaleContext, ttlMs: number, changed: (labId: string) => void) {
    if (!scale.redis) throw new Error('RedisLabSockets needs a Redis connection');
    this.redis = scale.redis.client;
    this.scale = scale;
    this.ttlMs = ttlMs;
    const channel = (this.channel = scale.key('sockets', 'changes'));
    this.ready = (async () => {
      this.subscriber = await scale.redis!.duplicate();
      await this.subscriber.subscribe(channel, (labId: string) => changed(labId));
    })();
    this.ready.catch(() => undefined);
  }

  private key(labId: string): string {
    return this.scale.key('sockets', labId);
  }

  async put(labId: string, entry: SharedConnection): Promise<void> {
    const key = this.key(labId);
    await this.redis
      .multi()
      .hSet(key, entry.socketId, JSON.stringify(entry))
      .pExpire(key, this.ttlMs)
      .publish(this.channel, labId)
      .exec();
  }

  async drop(labId: string, socketId: string): Promise<void> {
    await this.redis.multi().hDel(this.key(labId), socketId).publish(this.channel, labId).exec();
  }

  async list(labId: string): Promise<SharedConnection[]> {
    const raw = await this.redis.hGetAll(this.key(labId));
    return Object.values(raw).map((v) => JSON.parse(v) as SharedConnection);
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (this.subscriber?.isOpen) await this.subscriber.quit().catch(() => this.subscriber?.destroy());
  }
}
