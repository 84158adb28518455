// Who is in which class lab, for the teacher's stream: "Ana joined the class lab “emit-lab” (emit-sequence)".
// A student's widget opens one or more real connections into its lab (the rooms explorer opens four); the stream
// speaks of the student, so it says "joined" at their first connection in a lab and "left" after their last.
// Names come from the class roster (the member cookie of the handshake), never from the connection, and no
// address is ever part of a line. Lines are rate-bounded per class: past the budget they are counted, and the
// next line that fits says how many were not listed, so a class of 40 opening a lesson cannot flood the stream.
import type { Clock } from '../clock.ts';
import type { DemoSocket } from '../feature.ts';
import { TokenBucket } from '../rate-limit.ts';
import type { ClassStore } from '../store/class-store.ts';
import { hashSecret, memberTokenFromCookie } from './class-secrets.ts';
import type { ClassLabOwner } from './class-labs.ts';

type Say = (classId: string, kind: 'lab-join' | 'lab-leave', text: string) => void;

interface Seat {
  classId: string;
  memberId: string;
  name: string;
  owner: ClassLabOwner;
}

export interface ClassLabPresenceOptions {
  store: ClassStore;
  clock: Clock;
  perMinute: number;
  owner(labId: string): ClassLabOwner | undefined;
  say: Say;
}

export class ClassLabPresence {
  private readonly options: ClassLabPresenceOptions;
  /** lab id → member id → that student's connections in the lab. */
  private readonly counts = new Map<string, Map<string, number>>();
  private readonly seats = new WeakMap<DemoSocket, Seat>();
  private readonly budgets = new Map<string, { bucket: TokenBucket; skipped: number }>();

  constructor(options: ClassLabPresenceOptions) {
    this.options = options;
  }

  /** A socket entered a lab: if it is a class lab and the socket a student's, count them in. Never throws. */
  async entered(socket: DemoSocket, labId: string): Promise<void> {
    const owner = this.options.owner(labId);
    const token = owner && memberTokenFromCookie(socket.handshake.headers.cookie);
    if (!owner || !token) return;
    const found = await this.options.store.memberByToken(hashSecret(token));
    // Gone already (its disconnect ran before the lookup), or a student of another class holding the link.
    if (!found || found.classId !== owner.classId || !socket.connected || socket.data.labId !== labId) return;
    const seat = { classId: owner.classId, memberId: found.member.id, name: found.member.name, owner };
    this.seats.set(socket, seat);
    const members = this.counts.get(labId) ?? new Map<string, number>();
    this.counts.set(labId, members);
    const n = (members.get(seat.memberId) ?? 0) + 1;
    members.set(seat.memberId, n);
    if (n === 1) this.line(seat, 'lab-join', 'joined');
  }

  /** A socket that was in a lab disconnected. */
  left(socket: DemoSocket, labId: string): void {
    const seat = this.seats.get(socket);
    if (!seat) return;
    this.seats.delete(socket);
    const members = this.counts.get(labId);
    if (!members) return; // the class ended and took the lab with it: nobody is listening
    const n = (members.get(seat.memberId) ?? 1) - 1;
    if (n > 0) return void members.set(seat.memberId, n);
    members.delete(seat.memberId);
    if (members.size === 0) this.counts.delete(labId);
    this.line(seat, 'lab-leave', 'left');
  }

  /** The class ended: forget its labs and budget. */
  endClass(classId: string, labIds: string[]): void {
    for (const labId of labIds) this.counts.delete(labId);
    this.budgets.delete(classId);
  }

  private line(seat: Seat, kind: 'lab-join' | 'lab-leave', verb: string): void {
    const { perMinute, clock, say } = this.options;
    let budget = this.budgets.get(seat.classId);
    if (!budget) {
      budget = { bucket: new TokenBucket(perMinute / 60, perMinute, clock), skipped: 0 };
      this.budgets.set(seat.classId, budget);
    }
    if (!budget.bucket.take()) return void budget.skipped++;
    if (budget.skipped > 0) {
      const n = budget.skipped;
      budget.skipped = 0;
      const what = n === 1 ? 'lab join or leave was' : 'lab joins and leaves were';
      say(seat.classId, kind, `${n} more ${what} not listed (too many at once).`);
    }
    const { widgetId, kind: labKind } = seat.owner;
    say(seat.classId, kind, `${seat.name} ${verb} the class lab “${widgetId}” (${labKind}).`);
  }
}
