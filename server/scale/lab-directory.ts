// The lab registry shared by every node on one Redis. Redis holds the truth (labs, kinds, rosters with their
// unique names, `shared`, lastActive, expiry, the maxLabs count); each node keeps a replica in its own
// LabRegistry, so the many synchronous reads features make (`ctx.labs.get(id)?.members` for emit's recipient
// names, the rooms snapshot, "does this lab exist") stay synchronous and cost no round trip.
//
// Why a replica instead of async reads everywhere: only three calls change a lab (create, join, leave), and those
// are already at the edge of a handler that may be async; the reads are spread through a dozen features owned by
// others. So the writes go to Redis (Lua scripts, lab-scripts.ts: atomic across nodes) and come back as a
// snapshot that the writing node applies at once and every other node applies from Redis pub/sub, published by
// the same script in Redis's own order. A snapshot carries the lab's version; an older one than the replica
// holds is ignored. A node that starts loads every live lab first.
//
// A node that dies leaves its sockets on the rosters: every node writes a heartbeat key, and the sweep takes the
// members of a node whose heartbeat has expired off the roster (names freed, the lab's idle clock started).
// A learner back sooner (on another node) shows the member secret of its last join reply and takes its old
// place at once, name and all (JOIN in lab-scripts.ts), instead of waiting for the sweep as "Ada 2".
//
// A leave while Redis is away cannot wait for it (the socket is gone, nobody awaits the answer): it is kept in
// a bounded list and sent again when the connection is ready, so the member does not keep its name and its
// place on the roster until the lab expires. A join of the same socket (a recovered session) cancels it.
import type { RedisClientType } from '@redis/client';
import type { Clock } from '../clock.ts';
import type { Limits } from '../config.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { nameSkeleton } from '../names.ts';
import { newMemberSecret, secretDigest, MemberSecrets } from '../lab-secrets.ts';
import { LabNames, type Lab, type LabJoined, type LabRegistry, type SharedLabDirectory } from '../labs.ts';
import type { ScaleContext } from './context.ts';
import { ALL, CREATE, JOIN, LEAVE } from './lab-scripts.ts';

type DirectoryLimits = Pick<Limits, 'maxLabs' | 'maxSocketsPerLab' | 'labIdleMs' | 'unsharedLabIdleMs'> &
  Pick<Limits, 'sweepIntervalMs' | 'maxPendingLeaves'>;

/** Redis's own expiry runs this long after the lab's idle time is up: a safety net, the score decides first. */
const GC_MS = 60_000;

interface Snapshot {
  id: string;
  kind: string;
  createdAt: string;
  lastActive: string;
  shared: string;
  ver: string;
  /** [socket id, name, node, join order]; cjson writes an empty list as {} */
  members: Array<[string, string, string, number]> | Record<string, never>;
}

/** The answer while Redis is lost: labs are shared state, so a node cannot make or join one on its own. */
export const unreachable = () =>
  new UserError('The demo server lost its shared store for a moment; try again in a few seconds.', 'timeout');

export class RedisLabDirectory implements SharedLabDirectory {
  private readonly replica: LabRegistry;
  private readonly redis: RedisClientType;
  private readonly scale: ScaleContext;
  private readonly limits: DirectoryLimits;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly versions = new Map<string, number>();
  /** lab id → socket id → node, for the dead-node sweep */
  private readonly nodes = new Map<string, Map<string, string>>();
  private readonly prefix: string;
  private readonly channel: string;
  private subscriber?: RedisClientType;
  private readonly goneListeners: Array<(labId: string, socketId: string) => void> = [];
  private heartbeat?: ReturnType<typeof setInterval>;
  /** Leaves that failed, oldest first, keyed "labId socketId" (a Map keeps insertion order and drops repeats). */
  private readonly pendingLeaves = new Map<string, { labId: string; socketId: string }>();
  /** Resolves once the replica is subscribed and loaded: writes wait for it. */
  readonly ready: Promise<void>;

  constructor(replica: LabRegistry, scale: ScaleContext, limits: DirectoryLimits, clock: Clock, logger: Logger) {
    if (!scale.redis) throw new Error('RedisLabDirectory needs a Redis connection');
    this.replica = replica;
    this.redis = scale.redis.client;
    this.scale = scale;
    this.limits = limits;
    this.clock = clock;
    this.logger = logger;
    this.prefix = scale.key('lab', '');
    this.channel = scale.key('labs', 'changes');
    this.ready = this.start();
    this.ready.catch((err) => logger.error('labs.directory.failed', { error: String(err) }));
    scale.redis.onReady(() => void this.retryLeaves());
  }

  private async start(): Promise<void> {
    const sub = await this.scale.redis!.duplicate();
    this.subscriber = sub;
    await sub.subscribe(this.channel, (message: string) => this.applyRaw(message));
    await this.beat();
    this.heartbeat = setInterval(() => void this.sweepDeadNodes().catch(() => {}), this.limits.sweepIntervalMs);
    this.heartbeat.unref();
    const all = (await this.redis.eval(ALL, {
      keys: [this.scale.key('labs')],
      arguments: [this.prefix, String(this.clock.now())],
    })) as string[];
    for (const raw of all) this.applyRaw(raw);
  }

  private applyRaw(raw: string): Lab | undefined {
    try {
      return this.apply(JSON.parse(raw) as Snapshot);
    } catch (err) {
      this.logger.warn('labs.snapshot.bad', { error: String(err) });
      return undefined;
    }
  }

  /** Puts a snapshot into the replica unless the replica already holds a newer one. */
  private apply(s: Snapshot): Lab {
    const ver = Number(s.ver);
    let lab = this.replica.labs.get(s.id);
    if (lab && (this.versions.get(s.id) ?? 0) >= ver) return lab;
    if (!lab) {
      lab = {
        id: s.id,
        kind: s.kind,
        createdAt: 0,
        lastActive: 0,
        members: new Map(),
        shared: false,
        names: new LabNames(),
        secrets: new MemberSecrets(), // unused in a replica: Redis keeps the digests (lab-scripts.ts)
      };
      this.replica.labs.set(s.id, lab);
    }
    const members = Array.isArray(s.members) ? s.members : [];
    lab.createdAt = Number(s.createdAt);
    lab.lastActive = Number(s.lastActive);
    lab.shared = s.shared === '1';
    lab.members = new Map(members.map(([id, name]) => [id, name]));
    this.nodes.set(s.id, new Map(members.map(([id, , node]) => [id, node])));
    this.versions.set(s.id, ver);
    return lab;
  }

  /** Fails at once while Redis is unreachable, instead of queueing the write until it is back. */
  private reachable(): void {
    if (!this.scale.redis!.reachable()) throw unreachable();
  }

  async create(kind: string, id?: string): Promise<Lab> {
    this.reachable();
    await this.ready;
    for (let attempt = 0; ; attempt++) {
      const labId = id ?? this.replica.newId();
      const reply = await this.redis.eval(CREATE, {
        keys: [this.scale.key('labs')],
        arguments: [
          this.prefix,
          labId,
          kind,
          String(this.clock.now()),
          String(this.limits.maxLabs),
          String(Math.min(this.limits.unsharedLabIdleMs, this.limits.labIdleMs)),
          String(GC_MS),
          this.channel,
        ],
      });
      if (reply === 'full') {
        const error = `The demo server is full (${this.limits.maxLabs} labs). Try again in a few minutes.`;
        throw new UserError(error, 'server-full');
      }
      if (reply === 'exists') {
        if (id !== undefined) throw new UserError(`The lab "${id}" exists already.`, 'not-allowed');
        if (attempt < 5) continue;
      }
      return this.applyRaw(reply as string)!;
    }
  }

  /**
   * Joins in Redis. With a listed member's secret and name, the socket takes that member's place (a node that
   * died held it): the name comes back, and the gone listeners forget the old socket, as the sweep would have.
   */
  async join(labId: string, socketId: string, name: string, secret?: string): Promise<LabJoined> {
    this.reachable();
    // Back in the lab (connection state recovery keeps the socket id): a leave kept from before must not follow.
    this.pendingLeaves.delete(pendingKey(labId, socketId));
    await this.ready;
    const fresh = newMemberSecret();
    const keys = { shown: secret === undefined ? '' : secretDigest(secret), fresh: secretDigest(fresh) };
    let reply = await this.joinScript(labId, socketId, name, keys);
    // A lab this node made without Redis (class labs are made synchronously): publish it on its first join.
    const local = this.replica.labs.get(labId);
    if (reply === 'unknown' && local && !this.versions.has(labId)) {
      await this.create(local.kind, labId).catch(() => undefined);
      reply = await this.joinScript(labId, socketId, name, keys);
    }
    if (reply === 'unknown') {
      throw new UserError(`There is no lab "${labId}". It may have expired; reload to start a new one.`, 'unknown-lab');
    }
    if (reply === 'full') {
      throw new UserError(`This lab is full (${this.limits.maxSocketsPerLab} connections).`, 'lab-full');
    }
    const [snapshot, given, replaced] = reply as [string, string, string?];
    const lab = this.applyRaw(snapshot)!;
    if (replaced === undefined) return { lab, name: given, secret: fresh };
    for (const fn of this.goneListeners) fn(labId, replaced);
    return { lab, name: given, secret: fresh, replaced };
  }

  private joinScript(
    labId: string,
    socketId: string,
    name: string,
    keys: { shown: string; fresh: string },
  ): Promise<unknown> {
    return this.redis.eval(JOIN, {
      keys: [this.scale.key('labs')],
      arguments: [
        this.prefix,
        labId,
        socketId,
        name,
        nameSkeleton(name),
        String(this.clock.now()),
        String(this.limits.maxSocketsPerLab),
        this.channel,
        this.scale.nodeId,
        keys.shown,
        keys.fresh,
      ],
    });
  }

  /** Called for each socket of a dead node this node took off a roster (exactly one node does, per socket). */
  onGone(fn: (labId: string, socketId: string) => void): void {
    this.goneListeners.push(fn);
  }

  /**
   * Takes a socket off the lab's roster; false when it was not on it (another node was first). While Redis is
   * away it rejects at once, like create and join, and the leave is kept to be sent again when Redis is back.
   */
  async leave(labId: string, socketId: string): Promise<boolean> {
    try {
      this.reachable();
      return await this.leaveNow(labId, socketId);
    } catch (err) {
      this.keepLeave(labId, socketId);
      throw err;
    }
  }

  /** Leaves kept to be sent again (tests read it). */
  pendingLeaveCount(): number {
    return this.pendingLeaves.size;
  }

  private keepLeave(labId: string, socketId: string): void {
    const key = pendingKey(labId, socketId);
    this.pendingLeaves.delete(key);
    this.pendingLeaves.set(key, { labId, socketId });
    if (this.pendingLeaves.size <= this.limits.maxPendingLeaves) return;
    // Over the bound: the oldest goes (its member stays on the roster until the lab expires, as before).
    const oldest = this.pendingLeaves.keys().next().value!;
    this.pendingLeaves.delete(oldest);
    this.logger.warn('labs.leave.dropped', { kept: this.pendingLeaves.size });
  }

  /** Sends every kept leave again; one that fails once more (Redis lost again) is kept for the next time. */
  private async retryLeaves(): Promise<void> {
    if (this.pendingLeaves.size === 0) return;
    const batch = [...this.pendingLeaves.values()];
    this.pendingLeaves.clear();
    const results = await Promise.allSettled(batch.map((l) => this.leave(l.labId, l.socketId)));
    const failed = results.filter((r) => r.status === 'rejected').length;
    this.logger.info('labs.leave.retried', { leaves: batch.length, failed });
  }

  private async leaveNow(labId: string, socketId: string): Promise<boolean> {
    await this.ready;
    const reply = await this.redis.eval(LEAVE, {
      keys: [this.scale.key('labs')],
      arguments: [
        this.prefix,
        labId,
        socketId,
        String(this.clock.now()),
        String(this.limits.labIdleMs),
        String(this.limits.unsharedLabIdleMs),
        String(GC_MS),
        this.channel,
      ],
    });
    if (typeof reply !== 'string') return false;
    this.applyRaw(reply);
    return true;
  }

  private nodeKey(node: string): string {
    return this.scale.key('node', node);
  }

  private async beat(): Promise<void> {
    await this.redis.set(this.nodeKey(this.scale.nodeId), '1', { PX: 3 * this.limits.sweepIntervalMs });
  }

  /** Refreshes this node's heartbeat and takes the sockets of nodes without one off the rosters. */
  async sweepDeadNodes(): Promise<void> {
    await this.beat();
    const byNode = new Map<string, Array<[string, string]>>();
    for (const [labId, members] of this.nodes) {
      for (const [socketId, node] of members) {
        if (node === this.scale.nodeId) continue;
        if (!byNode.has(node)) byNode.set(node, []);
        byNode.get(node)!.push([labId, socketId]);
      }
    }
    for (const [node, entries] of byNode) {
      if (await this.redis.exists(this.nodeKey(node))) continue;
      this.logger.warn('labs.node.gone', { node, sockets: entries.length });
      for (const [labId, socketId] of entries) {
        // leaveNow: a failure is found again by the next sweep, which also tells the gone listeners.
        if (await this.leaveNow(labId, socketId)) for (const fn of this.goneListeners) fn(labId, socketId);
      }
    }
    for (const labId of this.nodes.keys()) if (!this.replica.labs.has(labId)) this.forget(labId);
  }

  private forget(labId: string): void {
    this.nodes.delete(labId);
    this.versions.delete(labId);
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.pendingLeaves.clear();
    await this.ready.catch(() => undefined);
    await this.redis.del(this.nodeKey(this.scale.nodeId)).catch(() => undefined);
    if (this.subscriber?.isOpen) await this.subscriber.quit().catch(() => this.subscriber?.destroy());
  }
}

function pendingKey(labId: string, socketId: string): string {
  return `${labId} ${socketId}`;
}
