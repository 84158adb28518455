// Each two-node lab's switches (adapter on/off, sticky routing) and its broadcast counter. Alone, they live in this
// process's memory. On Redis, several processes each run their own node A and node B for the same lab, so the
// switches live in a hash per lab (expiring with the lab's idle lifetime) and every change is announced on a
// pub/sub channel: each process keeps a replica for the router's synchronous "is this lab sticky?" and tells its
// own sockets the new state.
import { randomUUID } from 'node:crypto';
import type { RedisClientType } from '@redis/client';
import type { TwoNodesMode } from '../../src/contract/index.ts';
import type { Logger } from '../log.ts';
import type { ScaleContext } from '../scale/context.ts';
import { unreachable } from '../scale/lab-directory.ts';

export interface LabModes {
  /** The lab's switches as the whole cluster sees them (off until someone switches them on). */
  get(labId: string): Promise<TwoNodesMode>;
  /** Applies a change and announces it to the other processes; resolves with the switches after it. */
  set(labId: string, patch: Partial<TwoNodesMode>): Promise<TwoNodesMode>;
  /** The lab's next broadcast number, counted across every process. */
  nextSeq(labId: string): Promise<number>;
  /** The last switches this process saw, without a round trip (the router asks on every request). */
  cached(labId: string): TwoNodesMode | undefined;
  /** Called when another process changed a lab's switches. */
  onRemoteChange(fn: (labId: string, mode: TwoNodesMode) => void): void;
  /** Labs this process remembers, so the feature's sweep can forget those that expired. */
  labs(): Iterable<string>;
  forget(labId: string): void;
  close(): Promise<void>;
}

const OFF: TwoNodesMode = { adapter: false, sticky: false };

export function memoryModes(): LabModes {
  const modes = new Map<string, TwoNodesMode & { seq: number }>();
  const of = (labId: string) => {
    let mode = modes.get(labId);
    if (!mode) modes.set(labId, (mode = { ...OFF, seq: 0 }));
    return mode;
  };
  const view = ({ adapter, sticky }: TwoNodesMode) => ({ adapter, sticky });
  return {
    get: (labId) => Promise.resolve(view(of(labId))),
    set(labId, patch) {
      const mode = of(labId);
      if (patch.adapter !== undefined) mode.adapter = patch.adapter;
      if (patch.sticky !== undefined) mode.sticky = patch.sticky;
      return Promise.resolve(view(mode));
    },
    nextSeq: (labId) => Promise.resolve(++of(labId).seq),
    cached: (labId) => {
      const mode = modes.get(labId);
      return mode && view(mode);
    },
    onRemoteChange: () => undefined,
    labs: () => modes.keys(),
    forget: (labId) => void modes.delete(labId),
    close: () => Promise.resolve(),
  };
}

// KEYS: the lab's hash. ARGV: ttl, channel, lab id, sender, then field/value pairs to set (none: just read).
// Sets, refreshes the expiry, publishes the result when something changed, and returns it as "adapter,sticky".
const SET = `
for i = 5, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
local adapter = redis.call('HGET', KEYS[1], 'adapter') or '0'
local sticky = redis.call('HGET', KEYS[1], 'sticky') or '0'
if #ARGV >= 5 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  redis.call('PUBLISH', ARGV[2], cjson.encode({ lab = ARGV[3], from = ARGV[4], adapter = adapter, sticky = sticky }))
end
return adapter .. ',' .. sticky
`;

const parse = (reply: string): TwoNodesMode => {
  const [adapter, sticky] = reply.split(',');
  return { adapter: adapter === '1', sticky: sticky === '1' };
};

export function redisModes(scale: ScaleContext, ttlMs: number, logger: Logger): LabModes {
  const conn = scale.redis;
  if (!conn) throw new Error('redisModes needs a Redis connection');
  const client = conn.client;
  const channel = scale.key('two', 'modes');
  const ttl = String(Math.ceil(ttlMs));
  // Our own announcements come back on the channel too; this process's id tells them apart.
  const self = randomUUID();
  const replica = new Map<string, TwoNodesMode>();
  const listeners: ((labId: string, mode: TwoNodesMode) => void)[] = [];
  const hash = (labId: string) => scale.key('two', 'mode', labId);
  let subscriber: RedisClientType | undefined;
  const ready = (async () => {
    subscriber = await conn.duplicate();
    await subscriber.subscribe(channel, (message: string) => {
      try {
        const { lab, from, adapter, sticky } = JSON.parse(message) as Record<string, string>;
        if (typeof lab !== 'string' || from === self) return;
        const mode = { adapter: adapter === '1', sticky: sticky === '1' };
        replica.set(lab, mode);
        for (const fn of listeners) fn(lab, mode);
      } catch (err) {
        logger.warn('two.modes.bad', { error: String(err) });
      }
    });
  })();
  ready.catch((err) => logger.error('two.modes.failed', { error: String(err) }));

  async function run(labId: string, fields: string[]): Promise<TwoNodesMode> {
    const reply = await client.eval(SET, { keys: [hash(labId)], arguments: [ttl, channel, labId, self, ...fields] });
    const mode = parse(String(reply));
    replica.set(labId, mode);
    return mode;
  }

  return {
    async get(labId) {
      // Redis lost for a moment: the last switches seen here are the best answer a node has.
      if (!conn.reachable()) return replica.get(labId) ?? { ...OFF };
      return run(labId, []);
    },
    async set(labId, patch) {
      if (!conn.reachable()) throw unreachable();
      await ready;
      const fields: string[] = [];
      if (patch.adapter !== undefined) fields.push('adapter', patch.adapter ? '1' : '0');
      if (patch.sticky !== undefined) fields.push('sticky', patch.sticky ? '1' : '0');
      // An empty change still refreshes and announces, so "what is the mode?" and "set nothing" agree everywhere.
      if (fields.length === 0) fields.push('seen', '1');
      return run(labId, fields);
    },
    async nextSeq(labId) {
      if (!conn.reachable()) throw unreachable();
      const [seq] = (await client.multi().hIncrBy(hash(labId), 'seq', 1).pExpire(hash(labId), ttlMs).exec()) as [
        number,
        unknown,
      ];
      return Number(seq);
    },
    cached: (labId) => replica.get(labId),
    onRemoteChange: (fn) => void listeners.push(fn),
    labs: () => replica.keys(),
    forget: (labId) => void replica.delete(labId),
    async close() {
      await ready.catch(() => undefined);
      if (subscriber?.isOpen) await subscriber.quit().catch(() => subscriber?.destroy());
    },
  };
}
