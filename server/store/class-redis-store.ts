// The ClassStore on Redis, shared by every node: a teacher on node A sees the student who joined on node B, and
// the poll counts answers from both. Layout (every key under the deployment's prefix):
//   class:record:<id> the ClassRecord as JSON, expiring a while after the class's idle lifetime
//   class:active      sorted set, class id → last activity (ms): count, idle classes, and lastActive
//   class:codes       hash, join code → class id (HSETNX keeps codes unique across nodes)
//   class:tokens      hash, member token hash → class id
// A change is read, applied and written back only if nobody wrote in between (compare-and-set in one script,
// retried on conflict), so two nodes adding "Ada" at once give one Ada and one "name taken". The rules
// themselves are the in-memory store's, applied to the one record, so both stores refuse exactly the same things.
import type { LessonReport } from '../../src/contract/index.ts';
import { UserError } from '../errors.ts';
import type { RedisConnection } from '../scale/redis.ts';
import type { Limits } from '../config.ts';
import type { ScaleContext } from '../scale/context.ts';
import { InMemoryClassStore } from './class-memory-store.ts';
import type { ClassRecord, ClassStore, MemberRecord, PollRecord } from './class-store.ts';

export interface RedisClassStoreOptions {
  redis: RedisConnection;
  key(...parts: string[]): string;
  /** A class's records outlive its idle lifetime by this much, so a deployment that stopped leaves nothing. */
  ttlMs: number;
}

// KEYS: active, codes, record. ARGV: max classes, code, id, json, ttl. 'full', 'taken' or 'ok'.
const CREATE = `
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 'full' end
if redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 or redis.call('EXISTS', KEYS[3]) == 1 then return 'taken' end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[4], 'PX', ARGV[5])
redis.call('ZADD', KEYS[1], cjson.decode(ARGV[4]).lastActive, ARGV[3])
return 'ok'`;

// KEYS: record. ARGV: the JSON read, the JSON to write, ttl. 1 when written, 0 when someone wrote first.
const SWAP = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

const MAX_ATTEMPTS = 50;

export class RedisClassStore implements ClassStore {
  private readonly redis: RedisConnection;
  private readonly key: (...parts: string[]) => string;
  private readonly ttl: string;

  constructor(options: RedisClassStoreOptions) {
    this.redis = options.redis;
    this.key = options.key;
    this.ttl = String(Math.ceil(options.ttlMs));
  }

  async count(): Promise<number> {
    return Number(await this.send(['ZCARD', this.active]));
  }

  async create(record: ClassRecord, maxClasses: number): Promise<void> {
    const json = JSON.stringify(record);
    const keys = [this.active, this.codes, this.recordKey(record.id)];
    const reply = await this.send([
      'EVAL',
      CREATE,
      '3',
      ...keys,
      `${maxClasses}`,
      record.code,
      record.id,
      json,
      this.ttl,
    ]);
    if (reply === 'full') {
      throw new UserError(`The demo server runs ${maxClasses} classes already. Try again later.`, 'server-full');
    }
    if (reply !== 'ok') throw new UserError('That class code is taken.', 'not-allowed');
  }

  async get(classId: string): Promise<ClassRecord | undefined> {
    const [raw, score] = await Promise.all([
      this.send(['GET', this.recordKey(classId)]),
      this.send(['ZSCORE', this.active, classId]),
    ]);
    if (typeof raw !== 'string') return undefined;
    const record = JSON.parse(raw) as ClassRecord;
    // lastActive lives in the sorted set (touch is frequent and must not rewrite the record).
    if (score !== null && score !== undefined) record.lastActive = Math.max(record.lastActive, Number(score));
    return record;
  }

  async byCode(code: string): Promise<ClassRecord | undefined> {
    const id = await this.send(['HGET', this.codes, code]);
    if (typeof id !== 'string') return undefined;
    const record = await this.get(id);
    // The record expired without a delete (every node stopped): forget the stale code.
    if (!record) await this.send(['HDEL', this.codes, code]);
    return record;
  }

  async addMember(classId: string, member: MemberRecord, maxStudents: number): Promise<MemberRecord> {
    const added = await this.update(classId, (s) => s.addMember(classId, member, maxStudents));
    await this.send(['HSET', this.tokens, member.tokenHash, classId]);
    return added;
  }

  async memberByToken(tokenHash: string): Promise<{ classId: string; member: MemberRecord } | undefined> {
    const classId = await this.send(['HGET', this.tokens, tokenHash]);
    if (typeof classId !== 'string') return undefined;
    const member = (await this.get(classId))?.members.find((m) => m.tokenHash === tokenHash);
    return member ? { classId, member } : undefined;
  }

  async removeMember(classId: string, memberId: string): Promise<boolean> {
    let tokenHash: string | undefined;
    const removed = await this.update(classId, (s, record) => {
      tokenHash = record.members.find((m) => m.id === memberId)?.tokenHash;
      return s.removeMember(classId, memberId);
    }).catch((err: unknown) => {
      if (err instanceof UserError) return false;
      throw err;
    });
    if (removed && tokenHash) await this.send(['HDEL', this.tokens, tokenHash]);
    return removed;
  }

  async setLesson(classId: string, memberId: string, lesson: string | null): Promise<void> {
    await this.update(classId, (s) => s.setLesson(classId, memberId, lesson));
  }

  async setProgress(
    classId: string,
    memberId: string,
    lesson: string,
    report: LessonReport,
    max: { lessons: number; ids: number },
  ): Promise<void> {
    await this.update(classId, (s) => s.setProgress(classId, memberId, lesson, report, max));
  }

  openPoll(classId: string, poll: Omit<PollRecord, 'id' | 'answers' | 'revealed'>): Promise<PollRecord> {
    return this.update(classId, (s) => s.openPoll(classId, poll));
  }

  answer(classId: string, pollId: string, memberId: string, choice: number): Promise<PollRecord> {
    return this.update(classId, (s) => s.answer(classId, pollId, memberId, choice));
  }

  reveal(classId: string, pollId: string): Promise<PollRecord> {
    return this.update(classId, (s) => s.reveal(classId, pollId));
  }

  async touch(classId: string, now: number): Promise<void> {
    // XX: never brings back a class that was deleted; GT: a node with a slower clock never moves it back.
    await this.send(['ZADD', this.active, 'XX', 'GT', `${now}`, classId]);
    await this.send(['PEXPIRE', this.recordKey(classId), this.ttl]);
  }

  async delete(classId: string): Promise<boolean> {
    const record = await this.get(classId);
    if (!record) {
      await this.send(['ZREM', this.active, classId]);
      return false;
    }
    await this.send(['DEL', this.recordKey(classId)]);
    await this.send(['ZREM', this.active, classId]);
    await this.send(['HDEL', this.codes, record.code]);
    if (record.members.length) await this.send(['HDEL', this.tokens, ...record.members.map((m) => m.tokenHash)]);
    return true;
  }

  async idle(now: number, idleMs: number): Promise<string[]> {
    const ids = (await this.send(['ZRANGEBYSCORE', this.active, '-inf', `${now - idleMs}`])) as string[];
    const live: string[] = [];
    for (const id of ids) {
      if ((await this.send(['EXISTS', this.recordKey(id)])) === 1) live.push(id);
      else await this.send(['ZREM', this.active, id]);
    }
    return live;
  }

  /** Reads the record, applies one in-memory-store method to it, and writes it back unless someone wrote first. */
  private async update<R>(classId: string, change: (s: InMemoryClassStore, record: ClassRecord) => Promise<R>) {
    const key = this.recordKey(classId);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const raw = await this.send(['GET', key]);
      if (typeof raw !== 'string') throw new UserError('This class has ended.', 'unknown-class');
      const record = JSON.parse(raw) as ClassRecord;
      const scratch = new InMemoryClassStore();
      await scratch.create(record, Infinity);
      const result = await change(scratch, record);
      const next = JSON.stringify((await scratch.get(classId))!);
      if (next === raw || (await this.send(['EVAL', SWAP, '1', key, raw, next, this.ttl])) === 1) return result;
    }
    throw new UserError('The class is busy; try again.', 'rate-limited');
  }

  private get active() {
    return this.key('class', 'active');
  }

  private get codes() {
    return this.key('class', 'codes');
  }

  private get tokens() {
    return this.key('class', 'tokens');
  }

  private recordKey(classId: string) {
    return this.key('class', 'record', classId);
  }

  private send(args: string[]): Promise<unknown> {
    return this.redis.client.sendCommand(args);
  }
}

/** The store for this node: shared in Redis when the node is one of many (REDIS_URL), else in memory. */
export function classStoreFor(ctx: { scale: ScaleContext; limits: Limits }): ClassStore {
  const { redis, key } = ctx.scale;
  if (!redis) return new InMemoryClassStore();
  // Twice the idle lifetime: the sweep ends an idle class long before, this only catches a stopped deployment.
  return new RedisClassStore({ redis, key, ttlMs: 2 * ctx.limits.classIdleMs });
}
