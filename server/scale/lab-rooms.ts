// Which learner rooms each socket of a lab is in, and the lab's rooms-delta version, shared by every node on one
// Redis. Alone, Socket.IO's own adapter answers both (rooms.ts reads socket.rooms); across nodes a snapshot must
// list the rooms of sockets on other nodes too, and the deltas of every node must continue one version sequence,
// so a watcher on B is not confused by A's and B's versions overlapping. The rooms are one hash per lab
// (socket id -> JSON list), the version an INCR counter; both expire with the lab's idle time.
import type { RedisClientType } from '@redis/client';
import type { ScaleContext } from './context.ts';

export class RedisLabRooms {
  private readonly redis: RedisClientType;
  private readonly scale: ScaleContext;
  private readonly ttlMs: number;

  /** `ttlMs`: how long a lab's room list outlives its last change (the lab's idle time is enough). */
  constructor(scale: ScaleContext, ttlMs: number) {
    if (!scale.redis) throw new Error('RedisLabRooms needs a Redis connection');
    this.redis = scale.redis.client;
    this.scale = scale;
    this.ttlMs = ttlMs;
  }

  private roomsKey(labId: string): string {
    return this.scale.key('rooms', labId);
  }

  private versionKey(labId: string): string {
    return this.scale.key('rooms', labId, 'version');
  }

  /** Records the learner rooms one socket is in now (an empty list takes it out). */
  async set(labId: string, socketId: string, rooms: string[]): Promise<void> {
    const key = this.roomsKey(labId);
    const multi = this.redis.multi();
    if (rooms.length) multi.hSet(key, socketId, JSON.stringify(rooms));
    else multi.hDel(key, socketId);
    await multi.pExpire(key, this.ttlMs).exec();
  }

  /** Every socket's rooms in the lab, and the version a snapshot taken now is at. */
  async read(labId: string): Promise<{ rooms: Map<string, string[]>; version: number }> {
    const [raw, version] = await Promise.all([
      this.redis.hGetAll(this.roomsKey(labId)),
      this.redis.get(this.versionKey(labId)),
    ]);
    const rooms = new Map(Object.entries(raw).map(([id, list]) => [id, JSON.parse(list) as string[]]));
    return { rooms, version: Number(version ?? 0) };
  }

  /** The next version of the lab's deltas, on whichever node flushes. */
  async nextVersion(labId: string): Promise<number> {
    const key = this.versionKey(labId);
    const [version] = (await this.redis.multi().incr(key).pExpire(key, this.ttlMs).exec()) as unknown as [number];
    return Number(version);
  }
}
