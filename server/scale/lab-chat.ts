// Chat nicknames shared by every node on one Redis: one hash per lab's chat (socket id -> {nick, skeleton, node}),
// written by Lua scripts so "is this nickname (or a look-alike) taken? then take it" is one step across nodes.
// Like the lab directory (lab-directory.ts), each node keeps a replica of every chat's users, updated from the
// script's own answer and from Redis pub/sub, so chatUsers() stays synchronous for presence and private messages.
import type { RedisClientType } from '@redis/client';
import type { ChatUser } from '../../src/contract/index.ts';
import type { Logger } from '../log.ts';
import { nameSkeleton } from '../names.ts';
import type { ScaleContext } from './context.ts';
import { unreachable } from './lab-directory.ts';

/** How long a chat's nicknames outlive the last change: a safety net for chats whose nodes all died. */
const TTL_MS = 24 * 60 * 60 * 1000;

const HELPERS = `
local function list()
  local raw, out = redis.call('HGETALL', KEYS[1]), {}
  for i = 1, #raw, 2 do
    local u = cjson.decode(raw[i + 1])
    out[#out + 1] = { raw[i], u.n, u.d }
  end
  return out
end
local function publish()
  local users = list()
  redis.call('PUBLISH', ARGV[1], cjson.encode({ lab = ARGV[2], users = users }))
  return cjson.encode(users)
end
`;

// KEYS: the chat hash. ARGV: channel, lab id, socket id, nick, skeleton, node, ttl. 'taken' or the users' JSON.
const CLAIM = `${HELPERS}
local raw = redis.call('HGETALL', KEYS[1])
for i = 1, #raw, 2 do
  if raw[i] ~= ARGV[3] and cjson.decode(raw[i + 1]).s == ARGV[5] then return 'taken' end
end
redis.call('HSET', KEYS[1], ARGV[3], cjson.encode({ n = ARGV[4], s = ARGV[5], d = ARGV[6] }))
redis.call('PEXPIRE', KEYS[1], ARGV[7])
return publish()
`;

// KEYS: the chat hash. ARGV: channel, lab id, socket id. false when the socket held no nickname, else the users.
const RELEASE = `${HELPERS}
if redis.call('HDEL', KEYS[1], ARGV[3]) == 0 then return false end
return publish()
`;

type Row = [string, string, string];

export class RedisChatNicks {
  private readonly redis: RedisClientType;
  private readonly scale: ScaleContext;
  private readonly channel: string;
  /** lab id → socket id → [nick, node] */
  private readonly chats = new Map<string, Map<string, [string, string]>>();
  private subscriber?: RedisClientType;
  readonly ready: Promise<void>;

  constructor(scale: ScaleContext, logger: Logger) {
    if (!scale.redis) throw new Error('RedisChatNicks needs a Redis connection');
    this.redis = scale.redis.client;
    this.scale = scale;
    this.channel = scale.key('chat', 'changes');
    this.ready = (async () => {
      this.subscriber = await scale.redis!.duplicate();
      await this.subscriber.subscribe(scale.key('chat', 'changes'), (message: string) => {
        try {
          const { lab, users } = JSON.parse(message) as { lab: string; users: Row[] | Record<string, never> };
          this.apply(lab, users);
        } catch (err) {
          logger.warn('chat.snapshot.bad', { error: String(err) });
        }
      });
    })();
    this.ready.catch((err) => logger.error('chat.nicks.failed', { error: String(err) }));
  }

  private key(labId: string): string {
    return this.scale.key('chat', labId);
  }

  private apply(labId: string, users: Row[] | Record<string, never>): void {
    const rows = Array.isArray(users) ? users : [];
    if (rows.length === 0) this.chats.delete(labId);
    else this.chats.set(labId, new Map(rows.map(([id, nick, node]) => [id, [nick, node]])));
  }

  /** Who is in the lab's chat on every node, sorted by nickname (the replica: no round trip). */
  users(labId: string): ChatUser[] {
    const chat = this.chats.get(labId);
    if (!chat) return [];
    return [...chat].map(([id, [nick]]) => ({ id, nick })).sort((a, b) => a.nick.localeCompare(b.nick));
  }

  nickOf(labId: string, socketId: string): string | undefined {
    return this.chats.get(labId)?.get(socketId)?.[0];
  }

  /** Takes the nickname unless it (or a look-alike) is taken in this lab's chat on any node. */
  async claim(labId: string, socketId: string, nick: string): Promise<boolean> {
    if (!this.scale.redis!.reachable()) throw unreachable();
    await this.ready;
    const reply = await this.redis.eval(CLAIM, {
      keys: [this.key(labId)],
      arguments: [this.channel, labId, socketId, nick, nameSkeleton(nick), this.scale.nodeId, String(TTL_MS)],
    });
    if (reply === 'taken') return false;
    this.apply(labId, JSON.parse(reply as string));
    return true;
  }

  /** Frees the socket's nickname; true when it held one (only one node gets true for a dead node's socket). */
  async release(labId: string, socketId: string): Promise<boolean> {
    await this.ready;
    const reply = await this.redis.eval(RELEASE, {
      keys: [this.key(labId)],
      arguments: [this.channel, labId, socketId],
    });
    if (typeof reply !== 'string') return false;
    this.apply(labId, JSON.parse(reply));
    return true;
  }

  async close(): Promise<void> {
    await this.ready.catch(() => undefined);
    if (this.subscriber?.isOpen) await this.subscriber.quit().catch(() => this.subscriber?.destroy());
  }
}
