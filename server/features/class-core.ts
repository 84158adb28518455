// The class service's shared state and what every part of it uses: the rooms of a class, the teacher's roster
// and event stream, the seat of a student's connection. The parts build on it in layers (sessions, polls, cuts,
// students: class-service.ts), each a subclass of the one before, so ClassService keeps one surface.
import type { ClassActivity, PollTally, RosterEntry } from '../../src/contract/index.ts';
import type { DemoServer, DemoSocket, FeatureContext } from '../feature.ts';
import { UserError } from '../errors.ts';
import { tallyFor } from './class-tally.ts';
import type { ClassRecord, ClassStore, PollRecord } from '../store/class-store.ts';

export const studentsRoom = (classId: string) => `class:${classId}`;
export const teachersRoom = (classId: string) => `class:${classId}/teacher`;
export const demoRoom = (memberId: string) => `class-demo:${memberId}`;

/** Stream events that leave every roster row as it was (the tally has its own event). */
const POLL_KINDS = new Set<ClassActivity['kind']>([
  'answer',
  'poll',
  'reveal',
  'suggest',
  'lab',
  'lab-join',
  'lab-leave',
]);

export class ClassCore {
  readonly store: ClassStore;
  protected readonly ctx: FeatureContext;
  /** member token hash → until (ms): handshakes of that student's demo connections are refused until then. */
  readonly cuts = new Map<string, number>();
  /** class id → the open poll's id and how many pages acknowledged it. */
  protected readonly delivered = new Map<string, { pollId: string; received: number }>();
  protected readonly pendingRoster = new Set<string>();
  /** Students announced as gone in the event stream, so their return is announced too. */
  protected readonly away = new Set<string>();
  /**
   * Demo servers besides the main one (the missed-events lab's recovery server): their sockets join no class
   * room, so a cut finds a student's connections there by the member cookie of their handshake.
   */
  readonly otherDemoServers: DemoServer[] = [];
  /** Called with a class's id when it ends (its shared labs go with it). */
  readonly onEnd: Array<(classId: string) => void> = [];

  constructor(ctx: FeatureContext, store: ClassStore) {
    this.ctx = ctx;
    this.store = store;
  }

  // ---- rosters and the event stream -------------------------------------------------------------------------

  roster(record: ClassRecord): RosterEntry[] {
    const rooms = this.ctx.io.of('/').adapter.rooms;
    return record.members.map((m) => {
      const sockets = this.studentSockets(record.id, m.id);
      const latest = sockets[sockets.length - 1];
      return {
        id: m.id,
        name: m.name,
        connected: sockets.length > 0,
        lesson: m.lesson,
        transport: latest ? latest.conn.transport.name : null,
        demoSockets: rooms.get(demoRoom(m.id))?.size ?? 0,
        progress: m.progress,
      };
    });
  }

  /** Sends the teacher the roster once per tick, however many changes the tick had. */
  rosterChanged(classId: string): void {
    if (this.pendingRoster.has(classId)) return;
    this.pendingRoster.add(classId);
    setImmediate(() => {
      this.pendingRoster.delete(classId);
      void this.store.get(classId).then(
        (record) =>
          record && this.ctx.io.to(teachersRoom(classId)).emit('class:roster', { roster: this.roster(record) }),
        (err: unknown) => this.ctx.logger.error('class.roster.failed', { classId, error: String(err) }),
      );
    });
  }

  /** One line in the teacher's event stream; events that change a roster row also refresh the roster. */
  activity(classId: string, kind: ClassActivity['kind'], text: string): void {
    void this.store.touch(classId, this.ctx.clock.now());
    this.ctx.io.to(teachersRoom(classId)).emit('class:activity', { at: this.ctx.clock.now(), kind, text });
    if (!POLL_KINDS.has(kind)) this.rosterChanged(classId);
  }

  /** The student on this class connection, with their stored record. */
  async seat(socket: DemoSocket) {
    const seat = socket.data.classStudent;
    const record = seat && (await this.store.get(seat.classId));
    const member = record?.members.find((m) => m.id === seat!.memberId);
    if (!seat || !member) throw new UserError('Join a class first (class:join).', 'not-allowed');
    return { ...seat, name: member.name, member };
  }

  tally(classId: string, poll: PollRecord): PollTally {
    const delivered = this.delivered.get(classId);
    return tallyFor(poll, delivered?.pollId === poll.id ? delivered.received : null);
  }

  studentSockets(classId: string, memberId: string): DemoSocket[] {
    return this.localSockets(studentsRoom(classId)).filter((s) => s.data.classStudent?.memberId === memberId);
  }

  protected localSockets(room: string): DemoSocket[] {
    const ns = this.ctx.io.of('/');
    return [...(ns.adapter.rooms.get(room) ?? [])].map((id) => ns.sockets.get(id)).filter((s): s is DemoSocket => !!s);
  }

  protected occupied(classId: string): boolean {
    const rooms = this.ctx.io.of('/').adapter.rooms;
    return (rooms.get(studentsRoom(classId))?.size ?? 0) + (rooms.get(teachersRoom(classId))?.size ?? 0) > 0;
  }
}
