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

  async add(labId: string, socketId: string, name: string): Promise<void> {
    await this.redis.eval(ADD, { keys: [this.key(labId)], arguments: [socketId, this.scale.nodeId, name, this.ttl] });
  }

  async remove(labId: string, socketIds: string[]): Promise<void> {
    if (socketIds.length > 0) await this.redis.hDel(this.key(labId), socketIds);
  }

  /**
   * The lab's consumers on every live node, in subscription order. `local` is this node's own (the truth for this
   * node): its entries in Redis that are not local are stale and left out, and a local one Redis missed (its
   * write failed while Redis was away) is added at the end.
   */
  async list(labId: string, local: ListedConsumer[]): Promise<ListedConsumer[]> {
    const reply = await this.redis.eval(LIST, {
      keys: [this.key(labId)],
      // The lab directory's heartbeat key for a node is key('node', id).
      arguments: [this.scale.key('node', ''), this.scale.nodeId],
    });
    const rows = parseRows(reply);
    const mine = new Set(local.map((c) => c.id));
    const listed = rows
      .filter(([id, node]) => node !== this.scale.nodeId || mine.has(id))
      .sort((x, y) => x[3] - y[3])
      .map(([id, , name]) => ({ id, name }));
    const seen = new Set(listed.map((c) => c.id));
    return [...listed, ...local.filter((c) => !seen.has(c.id))];
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
