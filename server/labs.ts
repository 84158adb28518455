// The lab registry: which labs exist, who is in them, and when an empty one expires.
// Pure bookkeeping (no Socket.IO here); features/labs.ts joins the matching Socket.IO rooms.
import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.ts';
import type { Limits } from './config.ts';
import { UserError } from './errors.ts';

export interface Lab {
  id: string;
  kind: string;
  createdAt: number;
  /** Last time a socket joined or left; an empty lab expires labIdleMs after this. */
  lastActive: number;
  /** socket id → display name */
  members: Map<string, string>;
}

export type LabLimits = Pick<Limits, 'maxLabs' | 'maxSocketsPerLab' | 'labIdleMs'>;

/** The Socket.IO room that carries one lab's traffic. */
export const labRoom = (labId: string) => `lab:${labId}`;

export class LabRegistry {
  readonly labs = new Map<string, Lab>();
  private readonly limits: LabLimits;
  private readonly clock: Clock;
  private readonly makeId: () => string;

  constructor(limits: LabLimits, clock: Clock, makeId: () => string = () => randomBytes(6).toString('base64url')) {
    this.limits = limits;
    this.clock = clock;
    this.makeId = makeId;
  }

  create(kind: string): Lab {
    if (this.labs.size >= this.limits.maxLabs) {
      throw new UserError(`The demo server is full (${this.limits.maxLabs} labs). Try again in a few minutes.`);
    }
    let id = this.makeId();
    while (this.labs.has(id)) id = this.makeId();
    const now = this.clock.now();
    const lab: Lab = { id, kind, createdAt: now, lastActive: now, members: new Map() };
    this.labs.set(id, lab);
    return lab;
  }

  get(labId: string): Lab | undefined {
    return this.labs.get(labId);
  }

  /** Adds a socket to a lab; the name is made unique inside the lab ("Alice", "Alice 2") so lanes stay distinct. */
  join(labId: string, socketId: string, name: string): { lab: Lab; name: string } {
    const lab = this.labs.get(labId);
    if (!lab) throw new UserError(`There is no lab "${labId}". It may have expired; reload to start a new one.`);
    if (lab.members.has(socketId)) return { lab, name: lab.members.get(socketId)! };
    if (lab.members.size >= this.limits.maxSocketsPerLab) {
      throw new UserError(`This lab is full (${this.limits.maxSocketsPerLab} connections).`);
    }
    const taken = new Set(lab.members.values());
    let unique = name;
    for (let n = 2; taken.has(unique); n++) unique = `${name} ${n}`;
    lab.members.set(socketId, unique);
    lab.lastActive = this.clock.now();
    return { lab, name: unique };
  }

  leave(labId: string, socketId: string): void {
    const lab = this.labs.get(labId);
    if (!lab) return;
    lab.members.delete(socketId);
    lab.lastActive = this.clock.now();
  }

  /** Removes labs that have been empty for labIdleMs; returns their ids. */
  sweep(): string[] {
    const now = this.clock.now();
    const removed: string[] = [];
    for (const lab of this.labs.values()) {
      if (lab.members.size === 0 && now - lab.lastActive >= this.limits.labIdleMs) {
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
