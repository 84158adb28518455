// The queue lab's consumer list across nodes: each node keeps its own consumer sockets, but `queue:state` shows
// the lab's. One Redis hash per lab holds a field per consumer socket (its node, name and subscription order);
// an entry counts only while its node's heartbeat key (written by the lab directory) exists, so a node that
// dies drops out of the list once its heartbeat expires, and the read takes its entries out of the hash.
import type { ScaleContext } from '../scale/context.ts';
import { unreachable } from '../scale/lab-directory.ts';

export interface ListedConsumer {
  id: string;
  name: string;
}

/** One of this node's consumers, with the subscription number add() gave it (none if that write failed). */
export interface LocalConsumer extends ListedConsumer {
  seq?: number;
}

// KEYS: the lab's hash. ARGV: socket id, node, name, ttl. The '#seq' field numbers subscriptions across nodes.
const ADD = `
local n = redis.call('HINCRBY', KEYS[1], '#seq', 1)
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({ ARGV[2], ARGV[3], n }))
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return n
`;

// KEYS: the lab's hash. ARGV: heartbeat key prefix, this node. Returns [[socket id, node, name, seq], …] as JSON.
const LIST = `
local out, raw = {}, redis.call('HGETALL', KEYS[1])
for i = 1, #raw, 2 do
  if raw[i] ~= '#seq' then
    local ok, e = pcall(cjson.decode, raw[i + 1])
    if ok and type(e) == 'table' and (e[1] == ARGV[2] or redis.call('EXISTS', ARGV[1] .. e[1]) == 1) then
      table.insert(out, { raw[i], e[1], e[2], e[3] })
    else
      redis.call('HDEL', KEYS[1], raw[i])
    end
  end
end
return cjson.encode(out)
`;

export class SharedQueueConsumers {
  private readonly conn: NonNullable<ScaleContext['redis']>;
  private readonly scale: ScaleContext;
  private readonly ttl: string;

  constructor(scale: ScaleContext, ttlMs: number) {
    if (!scale.redis) throw new Error('SharedQueueConsumers needs a Redis connection');
    this.conn = scale.redis;
    this.scale = scale;
    this.ttl = String(Math.ceil(ttlMs));
  }

  /** Lists a consumer of this node; resolves with its subscription number, which orders the list. */
  async add(labId: string, socketId: string, name: string): Promise<number> {
    const seq = await this.redis.eval(ADD, {
      keys: [this.key(labId)],
      arguments: [socketId, this.scale.nodeId, name, this.ttl],
    });
    return Number(seq);
  }

  async remove(labId: string, socketIds: string[]): Promise<void> {
    if (socketIds.length > 0) await this.redis.hDel(this.key(labId), socketIds);
  }

  /**
   * The lab's consumers on every live node, in subscription order. `local` is this node's own (the truth for this
   * node): its entries in Redis that are not local are stale and left out. A local one missing from Redis is
   * written back with its number: another node's read takes out the entries of a node whose heartbeat it does not
   * see, and a live node's heartbeat can lapse (a node starved of CPU for longer than three sweeps), which would
   * otherwise leave its consumers off every other node's list for good. One whose add() failed (Redis was away)
   * has no number and goes at the end.
   */
  async list(labId: string, local: LocalConsumer[]): Promise<ListedConsumer[]> {
    const reply = await this.redis.eval(LIST, {
      keys: [this.key(labId)],
      // The lab directory's heartbeat key for a node is key('node', id).
      arguments: [this.scale.key('node', ''), this.scale.nodeId],
    });
    const rows = parseRows(reply);
    const mine = new Set(local.map((c) => c.id));
    const inRedis = new Set(rows.map(([id]) => id));
    const missing = local.filter((c): c is Required<LocalConsumer> => c.seq !== undefined && !inRedis.has(c.id));
    if (missing.length > 0) await this.restore(labId, missing);
    const listed = [
      ...rows.filter(([id, node]) => node !== this.scale.nodeId || mine.has(id)),
      ...missing.map((c): Row => [c.id, this.scale.nodeId, c.name, c.seq]),
    ]
      .sort((x, y) => x[3] - y[3])
      .map(([id, , name]) => ({ id, name }));
    const seen = new Set(listed.map((c) => c.id));
    return [...listed, ...local.filter((c) => !seen.has(c.id)).map(({ id, name }) => ({ id, name }))];
  }

  /** Writes this node's entries back as add() wrote them, unless one is there again already. */
  private async restore(labId: string, consumers: Required<LocalConsumer>[]): Promise<void> {
    const key = this.key(labId);
    await Promise.all(
      consumers.map((c) => this.redis.hSetNX(key, c.id, JSON.stringify([this.scale.nodeId, c.name, c.seq]))),
    );
    await this.redis.pExpire(key, Number(this.ttl)); // the hash may have expired with them: never leave it without
  }

  /** Keeps a lab in use from losing its list to the expiry. */
  async refresh(labId: string): Promise<void> {
    await this.redis.pExpire(this.key(labId), Number(this.ttl));
  }

  /** The lab is gone: nobody consumes from it any more. */
  async clear(labId: string): Promise<void> {
    await this.redis.del(this.key(labId));
  }

  /** Fails at once while Redis is lost, rather than queue the command until it is back (callers fall back). */
  private get redis() {
    if (!this.conn.reachable()) throw unreachable();
    return this.conn.client;
  }

  private key(labId: string): string {
    return this.scale.key('queue-consumers', labId);
  }
}

type Row = [string, string, string, number];

/** cjson writes an empty list as {}; anything not shaped like a row is skipped. */
function parseRows(reply: unknown): Row[] {
  if (typeof reply !== 'string') return [];
  const parsed: unknown = JSON.parse(reply);
  if (!Array.isArray(parsed)) return [];
  return parsed.filter(
    (row): row is Row =>
      Array.isArray(row) &&
      typeof row[0] === 'string' &&
      typeof row[1] === 'string' &&
      typeof row[2] === 'string' &&
      typeof row[3] === 'number',
  );
}
