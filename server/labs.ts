// The lab registry: which labs exist, who is in them, and when an empty one expires.
// Pure bookkeeping (no Socket.IO here); features/labs.ts joins the matching Socket.IO rooms.
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { Limits } from './config.ts';
import { UserError } from './errors.ts';
import { MemberSecrets } from './lab-secrets.ts';
import { nameSkeleton } from './names.ts';

export interface Lab {
  id: string;
  kind: string;
  createdAt: number;
  /** Last time a socket joined or left; an empty lab expires labIdleMs after this. */
  lastActive: number;
  /** socket id → display name */
  members: Map<string, string>;
  /** True once a second socket has joined: only then does an empty lab wait the long labIdleMs to expire. */
  shared: boolean;
  /** Names in use, and for each name asked for, the suffix to try first ("Alice 2"): joins never scan the lab. */
  readonly names: LabNames;
  /** Each member's secret (digests only): a join that shows one takes that member's place and name. */
  readonly secrets: MemberSecrets;
}

/** What a join gives: the lab, the name and this member's new secret; `replaced`, the socket it took over from. */
export interface LabJoined {
  lab: Lab;
  name: string;
  secret: string;
  replaced?: string;
}

/**
 * Unique names in one lab without scanning it: a set of the names in use, and per base name the lowest suffix
 * that may be free (every suffix below it is taken). A join tries that suffix and walks up past taken ones.
 * Names are compared by their skeleton (server/names.ts), so "Аlice" (Cyrillic А) joining beside "Alice" is
 * shown as "Аlice 2": two look-alike names never appear side by side.
 */
export class LabNames {
  private readonly taken = new Set<string>();
  private readonly nextSuffix = new Map<string, number>();
  /** socket id → [skeleton of the base name asked for, suffix given (1 = none), skeleton of the name given] */
  private readonly given = new Map<string, [string, number, string]>();

  claim(socketId: string, base: string): string {
    const key = nameSkeleton(base);
    const keyOf = (suffix: number) => (suffix === 1 ? key : nameSkeleton(`${base} ${suffix}`));
    let suffix = 1;
    if (this.taken.has(key)) {
      suffix = this.nextSuffix.get(key) ?? 2;
      while (this.taken.has(keyOf(suffix))) suffix++;
      this.nextSuffix.set(key, suffix + 1);
    }
    const name = suffix === 1 ? base : `${base} ${suffix}`;
    const given = keyOf(suffix);
    this.taken.add(given);
    this.given.set(socketId, [key, suffix, given]);
    return name;
  }

  /**
   * Whether `name` is what `socketId` asked for or was given ("Ada" or "Ada 2"): a rejoin must name the member
   * it claims to be, as well as show its secret.
   */
  answersTo(socketId: string, name: string): boolean {
    const given = this.given.get(socketId);
    if (!given) return false;
    const key = nameSkeleton(name);
    return key === given[0] || key === given[2];
  }

  /** The same member on a new socket: its name (and the suffix bookkeeping) moves over unchanged. */
  transfer(from: string, to: string): void {
    const given = this.given.get(from);
    if (!given) return;
    this.given.delete(from);
    this.given.set(to, given);
  }

  /** Frees the name given to `socketId` (the name itself is accepted for callers that have it, and ignored). */
  release(socketId: string, _name?: string): void {
    const given = this.given.get(socketId);
    if (!given) return;
    this.given.delete(socketId);
    const [base, suffix, taken] = given;
    this.taken.delete(taken);
    const next = this.nextSuffix.get(base);
    if (suffix > 1 && next !== undefined && suffix < next) this.nextSuffix.set(base, suffix);
  }
}

/**
 * The labs every node shares (server/scale/lab-directory.ts implements it on Redis): the registry below is then
 * a replica of it, and creating, joining and leaving wait for it.
 */
export interface SharedLabDirectory {
  /** Settles once the replica holds the directory's labs (a node starting beside others). */
  readonly ready: Promise<void>;
  create(kind: string, id?: string): Promise<Lab>;
  /** With the secret of a member still on the roster (and its name), takes that member's place. */
  join(labId: string, socketId: string, name: string, secret?: string): Promise<LabJoined>;
  leave(labId: string, socketId: string): Promise<boolean>;
  /** A socket left a lab without a leave of its own (its node died); features forget what they kept for it. */
  onGone(fn: (labId: string, socketId: string) => void): void;
  close(): Promise<void>;
}

export type LabLimits = Pick<Limits, 'maxLabs' | 'maxSocketsPerLab' | 'labIdleMs'> &
  Partial<Pick<Limits, 'unsharedLabIdleMs'>>;

/** The Socket.IO room that carries one lab's traffic. */
export const labRoom = (labId: string) => `lab:${labId}`;

export class LabRegistry {
  readonly labs = new Map<string, Lab>();
  private readonly limits: LabLimits;
  private readonly clock: Clock;
  private readonly makeId: () => string;
  /**
   * With REDIS_URL: the directory all nodes share. This registry is then its local replica: reads stay here and
   * synchronous, create/join/leave go through `shared` (features/labs.ts). Unset, this registry is the truth.
   */
  shared?: SharedLabDirectory;

  constructor(limits: LabLimits, clock: Clock, makeId: () => string = () => randomBytes(6).toString('base64url')) {
    this.limits = limits;
    this.clock = clock;
    this.makeId = makeId;
  }

  /** A new lab; `id` re-creates one a restart forgot, under the id its share link still carries. */
  create(kind: string, id?: string): Lab {
    if (this.labs.size >= this.limits.maxLabs) {
      const error = `The demo server is full (${this.limits.maxLabs} labs). Try again in a few minutes.`;
      throw new UserError(error, 'server-full');
    }
    if (id !== undefined && this.labs.has(id)) throw new UserError(`The lab "${id}" exists already.`, 'not-allowed');
    id ??= this.makeId();
    while (this.labs.has(id)) id = this.makeId();
    const now = this.clock.now();
    const lab: Lab = {
      id,
      kind,
      createdAt: now,
      lastActive: now,
      members: new Map(),
      shared: false,
      names: new LabNames(),
      secrets: new MemberSecrets(),
    };
    this.labs.set(id, lab);
    return lab;
  }

  /** A fresh random lab id. */
  newId(): string {
    return this.makeId();
  }

  get(labId: string): Lab | undefined {
    return this.labs.get(labId);
  }

  /**
   * Adds a socket to a lab; the name is made unique inside the lab ("Alice", "Alice 2") so lanes stay distinct.
   * A join with the secret of a member still listed (its old socket not timed out yet) and that member's name
   * takes its place under the same name: the old socket id leaves the roster. Any other secret changes nothing.
   */
  join(labId: string, socketId: string, name: string, secret?: string): LabJoined {
    const lab = this.labs.get(labId);
    if (!lab) {
      throw new UserError(`There is no lab "${labId}". It may have expired; reload to start a new one.`, 'unknown-lab');
    }
    const now = this.clock.now();
    const mine = lab.members.get(socketId);
    if (mine !== undefined) return { lab, name: mine, secret: lab.secrets.issue(socketId) };
    const owner = secret === undefined ? undefined : lab.secrets.owner(secret);
    if (owner !== undefined && lab.members.has(owner) && lab.names.answersTo(owner, name)) {
      const kept = lab.members.get(owner)!;
      lab.names.transfer(owner, socketId);
      lab.secrets.release(owner);
      lab.members.delete(owner);
      lab.members.set(socketId, kept);
      lab.lastActive = now;
      return { lab, name: kept, secret: lab.secrets.issue(socketId), replaced: owner };
    }
    if (lab.members.size >= this.limits.maxSocketsPerLab) {
      throw new UserError(`This lab is full (${this.limits.maxSocketsPerLab} connections).`, 'lab-full');
    }
    const unique = lab.names.claim(socketId, name);
    if (lab.members.size > 0) lab.shared = true;
    lab.members.set(socketId, unique);
    lab.lastActive = now;
    return { lab, name: unique, secret: lab.secrets.issue(socketId) };
  }

  leave(labId: string, socketId: string): void {
    const lab = this.labs.get(labId);
    if (!lab) return;
    const name = lab.members.get(socketId);
    if (name === undefined) return;
    lab.names.release(socketId);
    lab.secrets.release(socketId);
    lab.members.delete(socketId);
    lab.lastActive = this.clock.now();
  }

  /**
   * Removes labs that have been empty for labIdleMs (unsharedLabIdleMs for a lab nobody else ever joined, so
   * labs made and left in a loop are gone within a minute); returns their ids.
   */
  sweep(): string[] {
    const now = this.clock.now();
    const removed: string[] = [];
    for (const lab of this.labs.values()) {
      const { labIdleMs, unsharedLabIdleMs = labIdleMs } = this.limits;
      const idle = lab.shared ? labIdleMs : Math.min(unsharedLabIdleMs, labIdleMs);
      if (lab.members.size === 0 && now - lab.lastActive >= idle) {
        this.labs.delete(lab.id);
        removed.push(lab.id);
      }
    }
    return removed;
  }

  get socketCount(): number {
    let n = 0;
    for (const lab of this.labs.values()) n += lab.members.size;
    return n;
  }
}
