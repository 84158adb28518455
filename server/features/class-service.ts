// What each class event does, apart from how it is registered (features/class.ts): the rules live in the store,
// the Socket.IO side lives here. Rooms per class: the students' room (polls, suggestions, the end are
// broadcasts to it), the teachers' room (roster, tallies, the event stream), and per student a room of their
// demo (lab) connections, which is what "cut" closes.
// The code is split by job into layers, each a subclass of the one before: class-core.ts (rooms, roster, event
// stream), class-sessions.ts (create, teach, end), class-polls.ts (polls, predictions), class-cuts.ts (cuts, demo
// connections); this file is the students' side and the class every caller uses.
import type { ClassMembership } from '../../src/contract/index.ts';
import type { DemoSocket } from '../feature.ts';
import { AddressBudget } from './class-budget.ts';
import { demoRoom, studentsRoom, teachersRoom } from './class-core.ts';
import { ClassCuts } from './class-cuts.ts';
import { hashSecret, newId, newSecret } from './class-secrets.ts';
import { UserError } from '../errors.ts';
import { askedPrediction } from './class-tally.ts';
import type { ClassRecord, MemberRecord } from '../store/class-store.ts';

export { demoRoom, studentsRoom, teachersRoom } from './class-core.ts';

export class ClassService extends ClassCuts {
  private readonly joinFailures = new AddressBudget(this.ctx.limits.classJoinFailuresPerMinute, 60_000, this.ctx.clock);
  private readonly watched = new WeakSet<DemoSocket>();

  // ---- students ------------------------------------------------------------------------------------------

  async join(socket: DemoSocket, address: string, code: string, name: string): Promise<ClassMembership> {
    if (socket.data.classStudent)
      throw new UserError('This connection is in a class already; leave it first.', 'not-allowed');
    if (this.joinFailures.exhausted(address)) {
      const wait = this.joinFailures.retryAfterSeconds(address);
      throw new UserError(`Too many wrong class codes from this network. Try again in ${wait} s.`, 'rate-limited');
    }
    const record = await this.live(code);
    if (!record) {
      this.joinFailures.spend(address);
      throw new UserError('There is no class with that code. Check it with your teacher.', 'unknown-class');
    }
    const memberToken = newSecret();
    const member: MemberRecord = {
      id: newId(),
      name,
      tokenHash: hashSecret(memberToken),
      joinedAt: this.ctx.clock.now(),
      lesson: null,
      progress: {},
    };
    await this.store.addMember(record.id, member, this.ctx.limits.classMaxStudents);
    await this.enter(socket, record.id, member);
    this.activity(record.id, 'join', `${name} joined.`);
    return this.membership(record, member, memberToken);
  }

  async resume(socket: DemoSocket, code: string, memberToken: string): Promise<ClassMembership> {
    const found = await this.store.memberByToken(hashSecret(memberToken));
    const record = found && (await this.live(code));
    if (!found || !record || record.id !== found.classId) {
      throw new UserError('That class has ended, or you left it.', 'unknown-class');
    }
    if (socket.data.classStudent && socket.data.classStudent.memberId !== found.member.id) {
      throw new UserError('This connection is in a class already; leave it first.', 'not-allowed');
    }
    await this.enter(socket, record.id, found.member);
    if (this.away.delete(found.member.id)) this.activity(record.id, 'connect', `${found.member.name} is back.`);
    else this.rosterChanged(record.id);
    return this.membership(record, found.member, memberToken);
  }

  async leave(socket: DemoSocket): Promise<{ left: boolean }> {
    const seat = socket.data.classStudent;
    if (!seat) return { left: false };
    const record = await this.store.get(seat.classId);
    const name = record?.members.find((m) => m.id === seat.memberId)?.name;
    await this.store.removeMember(seat.classId, seat.memberId);
    for (const s of this.studentSockets(seat.classId, seat.memberId)) {
      s.data.classStudent = undefined;
      void s.leave(studentsRoom(seat.classId));
      if (s.id !== socket.id) s.emit('class:ended', { reason: 'left' });
    }
    for (const s of this.localSockets(demoRoom(seat.memberId))) {
      s.data.classDemo = undefined;
      void s.leave(demoRoom(seat.memberId));
    }
    if (record) {
      const poll = (await this.store.get(seat.classId))?.poll;
      if (poll) this.ctx.io.to(teachersRoom(seat.classId)).emit('class:tally', this.tally(seat.classId, poll));
      this.activity(seat.classId, 'leave', `${name ?? 'A student'} left the class.`);
    }
    return { left: true };
  }

  async where(socket: DemoSocket, lesson: string | null) {
    const { classId, memberId, name } = await this.seat(socket);
    await this.store.setLesson(classId, memberId, lesson);
    if (lesson) this.activity(classId, 'lesson', `${name} opened “${lesson}”.`);
    else this.rosterChanged(classId);
    return { lesson };
  }

  async progress(socket: DemoSocket, lesson: string, checks: string[], tries: string[]) {
    const { classId, memberId, name, member } = await this.seat(socket);
    const before = member.progress[lesson] ?? { checks: [], tries: [] };
    const max = { lessons: this.ctx.limits.classMaxLessons, ids: this.ctx.limits.classMaxProgressIds };
    await this.store.setProgress(classId, memberId, lesson, { checks, tries }, max);
    const added =
      checks.filter((c) => !before.checks.includes(c)).length + tries.filter((t) => !before.tries.includes(t)).length;
    if (added)
      this.activity(
        classId,
        'progress',
        `${name}: ${checks.length} checks right, ${tries.length} exercises done in “${lesson}”.`,
      );
    else this.rosterChanged(classId);
    const record = await this.store.get(classId);
    return { lessons: Object.keys(record?.members.find((m) => m.id === memberId)?.progress ?? {}).length };
  }

  /**
   * A student's last class connection closed. Moving to another page closes one and opens the next within a
   * second, so the stream says "lost the connection" only if nothing came back after a grace period.
   */
  classSocketGone(classId: string, memberId: string, name: string, graceMs = 3000): void {
    this.rosterChanged(classId);
    const timer = setTimeout(() => {
      if (this.studentSockets(classId, memberId).length > 0) return;
      void this.store.get(classId).then((record) => {
        if (!record?.members.some((m) => m.id === memberId)) return;
        this.away.add(memberId);
        this.activity(classId, 'disconnect', `${name} lost the connection.`);
      });
    }, graceMs);
    timer.unref();
  }

  protected async enter(socket: DemoSocket, classId: string, member: MemberRecord): Promise<void> {
    socket.data.classStudent = { classId, memberId: member.id };
    await socket.join(studentsRoom(classId));
    await this.store.touch(classId, this.ctx.clock.now());
    this.watch(socket);
  }

  /** Listeners only class connections need, added once, when the socket first takes a seat. */
  protected watch(socket: DemoSocket): void {
    if (this.watched.has(socket)) return;
    this.watched.add(socket);
    socket.conn.on('upgrade', () => {
      const classId = socket.data.classStudent?.classId;
      if (classId) this.rosterChanged(classId);
    });
    // Socket.IO has taken the socket out of its rooms by now, so studentSockets() no longer counts it.
    socket.on('disconnect', () => {
      const seat = socket.data.classStudent;
      if (!seat) return;
      if (this.studentSockets(seat.classId, seat.memberId).length > 0) return this.rosterChanged(seat.classId);
      void this.seat(socket).then(
        ({ name }) => this.classSocketGone(seat.classId, seat.memberId, name),
        () => undefined,
      );
    });
  }

  protected membership(record: ClassRecord, member: MemberRecord, memberToken: string): ClassMembership {
    const poll = record.poll;
    return {
      code: record.code,
      className: record.name,
      memberId: member.id,
      memberToken,
      name: member.name,
      poll: poll && {
        pollId: poll.id,
        checkId: poll.checkId,
        lesson: poll.lesson,
        choices: poll.choices,
        answered: poll.answers[member.id] ?? null,
        revealed: poll.revealed,
        ...(poll.prediction ? { prediction: askedPrediction(poll, poll.prediction) } : {}),
      },
    };
  }
}
