// What each class event does, apart from how it is registered (features/class.ts): the rules live in the store,
// the Socket.IO side lives here. Rooms per class: the students' room (polls, suggestions, the end are
// broadcasts to it), the teachers' room (roster, tallies, the event stream), and per student a room of their
// demo (lab) connections, which is what "cut" closes.
import type {
  AskedPoll,
  ClassActivity,
  ClassMembership,
  ClassSnapshot,
  PollTally,
  RosterEntry,
} from '../../src/contract/index.ts';
import type { DemoServer, DemoSocket, FeatureContext } from '../feature.ts';
import { AddressBudget } from './class-budget.ts';
import { hashSecret, memberTokenFromCookie, newClassCode, newId, newSecret, sameHash } from './class-secrets.ts';
import { UserError } from '../errors.ts';
import { askedPrediction, indicesOf, maskOf, tallyFor } from './class-tally.ts';
import { type ClassRecord, type ClassStore, type MemberRecord, type PollRecord } from '../store/class-store.ts';

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

/** How long a poll's broadcast waits for each page's acknowledgement ("I have the question"). */
const ASK_ACK_TIMEOUT_MS = 5000;

export class ClassService {
  readonly store: ClassStore;
  private readonly ctx: FeatureContext;
  /** member token hash → until (ms): handshakes of that student's demo connections are refused until then. */
  readonly cuts = new Map<string, number>();
  private readonly joinFailures: AddressBudget;
  private readonly creates: AddressBudget;
  /** class id → the open poll's id and how many pages acknowledged it. */
  private readonly delivered = new Map<string, { pollId: string; received: number }>();
  private readonly pendingRoster = new Set<string>();
  private readonly watched = new WeakSet<DemoSocket>();
  /** Students announced as gone in the event stream, so their return is announced too. */
  private readonly away = new Set<string>();
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
    this.joinFailures = new AddressBudget(ctx.limits.classJoinFailuresPerMinute, 60_000, ctx.clock);
    this.creates = new AddressBudget(ctx.limits.classCreatesPerHour, 3_600_000, ctx.clock);
  }

  // ---- teacher -------------------------------------------------------------------------------------------

  async create(address: string, name: string | undefined) {
    if (this.creates.exhausted(address)) {
      const wait = Math.ceil(this.creates.retryAfterSeconds(address) / 60);
      throw new UserError(
        `This address started ${this.ctx.limits.classCreatesPerHour} classes this hour. Try again in ${wait} min.`,
        'rate-limited',
      );
    }
    const now = this.ctx.clock.now();
    const teacherKey = newSecret();
    const record: ClassRecord = {
      id: newId(),
      code: newClassCode(),
      name: name?.trim() || 'Class',
      keyHash: hashSecret(teacherKey),
      createdAt: now,
      lastActive: now,
      members: [],
      poll: null,
      polls: 0,
    };
    await this.store.create(record, this.ctx.limits.maxClasses);
    this.creates.spend(address);
    this.ctx.logger.info('class.created', { classId: record.id });
    return { classId: record.id, code: record.code, name: record.name, teacherKey };
  }

  /** The class, if the key is its teacher's; the same refusal for a wrong key and an unknown code. */
  async teacher(code: string, teacherKey: string): Promise<ClassRecord> {
    const record = await this.live(code);
    if (!record || !sameHash(hashSecret(teacherKey), record.keyHash)) {
      throw new UserError('Only the teacher of this class can do that: the teacher key does not match.', 'forbidden');
    }
    await this.store.touch(record.id, this.ctx.clock.now());
    return record;
  }

  async teach(socket: DemoSocket, record: ClassRecord): Promise<ClassSnapshot> {
    socket.data.classTeaching = record.id;
    await socket.join(teachersRoom(record.id));
    const { classMaxStudents, classIdleMs, classMaxCutSeconds } = this.ctx.limits;
    return {
      classId: record.id,
      code: record.code,
      name: record.name,
      createdAt: record.createdAt,
      roster: this.roster(record),
      poll: record.poll && this.tally(record.id, record.poll),
      limits: {
        maxStudents: classMaxStudents,
        idleMinutes: Math.round(classIdleMs / 60_000),
        maxCutSeconds: classMaxCutSeconds,
      },
    };
  }

  async poll(
    record: ClassRecord,
    question: Omit<PollRecord, 'id' | 'answers' | 'revealed' | 'openedAt'>,
  ): Promise<PollTally> {
    const { checkId, lesson, choices } = question;
    const poll = await this.store.openPoll(record.id, { ...question, openedAt: this.ctx.clock.now() });
    this.delivered.delete(record.id);
    const asked: AskedPoll = { pollId: poll.id, checkId, lesson, choices, answered: null, revealed: false };
    if (poll.prediction) asked.prediction = { ...poll.prediction, question: poll.question };
    // A broadcast with acknowledgements: every student's page answers "received"; the count goes to the teacher.
    this.ctx.io
      .to(studentsRoom(record.id))
      .timeout(ASK_ACK_TIMEOUT_MS)
      .emit('class:asked', asked, (_err: Error | null, received: boolean[]) => {
        void this.afterDelivery(record.id, poll.id, received.length);
      });
    this.activity(
      record.id,
      'poll',
      poll.prediction
        ? `The class was asked to predict who receives, in widget “${checkId}”.`
        : `The class was asked self-check “${checkId}”.`,
    );
    const tally = this.tally(record.id, poll);
    this.ctx.io.to(teachersRoom(record.id)).emit('class:tally', tally);
    return tally;
  }

  /**
   * A widget's prediction, as a poll: the choices are bit masks over the widget's client names, and the right
   * one is the mask of the clients that really received it (held here, like a check's answer, until the reveal).
   */
  predict(
    record: ClassRecord,
    p: { widgetId: string; lesson: string | null; question: string; names: string[]; received: number[] },
  ): Promise<PollTally> {
    return this.poll(record, {
      checkId: p.widgetId,
      lesson: p.lesson,
      question: p.question,
      labels: p.names,
      choices: 1 << p.names.length,
      correct: maskOf(p.received),
      prediction: { widgetId: p.widgetId, names: p.names },
    });
  }

  async reveal(record: ClassRecord, pollId: string): Promise<PollTally> {
    const poll = await this.store.reveal(record.id, pollId);
    const received = poll.prediction ? { received: indicesOf(poll.correct, poll.prediction.names.length) } : {};
    this.ctx.io.to(studentsRoom(record.id)).emit('class:revealed', { pollId, checkId: poll.checkId, ...received });
    this.activity(record.id, 'reveal', `The answer to “${poll.checkId}” was revealed.`);
    const tally = this.tally(record.id, poll);
    this.ctx.io.to(teachersRoom(record.id)).emit('class:tally', tally);
    return tally;
  }

  /** A real transport close of every demo connection of one student; their new handshakes wait until `until`. */
  async cut(record: ClassRecord, memberId: string, seconds: number) {
    const max = this.ctx.limits.classMaxCutSeconds;
    if (seconds > max) throw new UserError(`A cut lasts at most ${max} s.`, 'too-large');
    const member = record.members.find((m) => m.id === memberId);
    if (!member) throw new UserError('That student is not in this class.', 'unknown-class');
    const until = this.ctx.clock.now() + seconds * 1000;
    const closed = this.applyCut(memberId, member.tokenHash, until);
    // The student's demo connections may sit on other nodes: each closes its own and refuses their handshakes.
    // (Only with a cluster adapter: the in-memory one warns that it has no other servers to tell.)
    if (this.ctx.scale.adapter !== 'in-memory')
      this.ctx.io.serverSideEmit('class:cut', memberId, member.tokenHash, until);
    for (const socket of this.studentSockets(record.id, memberId)) socket.emit('class:cut', { seconds });
    this.activity(record.id, 'cut', `${member.name}’s demo connections were cut for ${seconds} s (${closed} closed).`);
    return { closed, until };
  }

  suggest(record: ClassRecord, href: string, title: string) {
    const room = studentsRoom(record.id);
    this.ctx.io.to(room).emit('class:suggested', { href, title });
    this.activity(record.id, 'suggest', `Everyone was invited to “${title}”.`);
    return { sentTo: this.ctx.io.of('/').adapter.rooms.get(room)?.size ?? 0 };
  }

  /** Ends the class: everyone is told, its rooms are emptied and its data deleted. */
  async end(classId: string, reason: 'ended' | 'expired'): Promise<void> {
    const record = await this.store.get(classId);
    if (!record) return;
    this.ctx.io.to([studentsRoom(classId), teachersRoom(classId)]).emit('class:ended', { reason });
    for (const m of record.members) {
      this.cuts.delete(m.tokenHash);
      for (const s of this.localSockets(demoRoom(m.id))) s.data.classDemo = undefined;
      this.ctx.io.in(demoRoom(m.id)).socketsLeave(demoRoom(m.id));
    }
    for (const s of this.localSockets(studentsRoom(classId))) s.data.classStudent = undefined;
    for (const s of this.localSockets(teachersRoom(classId))) s.data.classTeaching = undefined;
    this.ctx.io
      .in([studentsRoom(classId), teachersRoom(classId)])
      .socketsLeave([studentsRoom(classId), teachersRoom(classId)]);
    this.delivered.delete(classId);
    for (const fn of this.onEnd) fn(classId);
    await this.store.delete(classId);
    this.ctx.logger.info('class.ended', { classId, reason });
  }

  async sweep(): Promise<void> {
    const now = this.ctx.clock.now();
    for (const id of await this.store.idle(now, this.ctx.limits.classIdleMs)) {
      if (this.occupied(id)) await this.store.touch(id, now);
      else await this.end(id, 'expired');
    }
    for (const [hash, until] of this.cuts) if (until <= now) this.cuts.delete(hash);
  }

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

  async answer(socket: DemoSocket, pollId: string, choice: number) {
    const { classId, memberId, name } = await this.seat(socket);
    const poll = await this.store.answer(classId, pollId, memberId, choice);
    this.ctx.io.to(teachersRoom(classId)).emit('class:tally', this.tally(classId, poll));
    this.activity(classId, 'answer', `${name} answered the question.`);
    return { choice };
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

  // ---- demo (lab) connections ------------------------------------------------------------------------------

  /** A lab connection that carries a student's member cookie joins that student's demo room. */
  async adoptDemo(socket: DemoSocket, memberToken: string): Promise<void> {
    const found = await this.store.memberByToken(hashSecret(memberToken));
    if (!found || !socket.connected) return;
    socket.data.classDemo = { classId: found.classId, memberId: found.member.id };
    await socket.join(demoRoom(found.member.id));
    this.rosterChanged(found.classId);
    socket.on('disconnect', () => {
      if (socket.data.classDemo) this.rosterChanged(socket.data.classDemo.classId);
    });
  }

  /** Closes this node's demo connections of a student and refuses their handshakes until `until`; how many. */
  applyCut(memberId: string, tokenHash: string, until: number): number {
    this.cuts.set(tokenHash, until);
    let closed = 0;
    for (const socket of [...this.localSockets(demoRoom(memberId)), ...this.otherDemoSockets(tokenHash)]) {
      socket.conn.close();
      closed++;
    }
    return closed;
  }

  /** Whether a new handshake carrying this member token falls inside a cut. */
  isCut(memberToken: string): boolean {
    const until = this.cuts.get(hashSecret(memberToken));
    return until !== undefined && until > this.ctx.clock.now();
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

  private localSockets(room: string): DemoSocket[] {
    const ns = this.ctx.io.of('/');
    return [...(ns.adapter.rooms.get(room) ?? [])].map((id) => ns.sockets.get(id)).filter((s): s is DemoSocket => !!s);
  }

  /** A student's connections on the other demo servers: a scan, but only on a cut (a rare teacher action). */
  private otherDemoSockets(tokenHash: string): DemoSocket[] {
    const found: DemoSocket[] = [];
    for (const io of this.otherDemoServers) {
      for (const socket of io.of('/').sockets.values()) {
        const token = memberTokenFromCookie(socket.handshake.headers.cookie);
        if (token && sameHash(hashSecret(token), tokenHash)) found.push(socket);
      }
    }
    return found;
  }

  private occupied(classId: string): boolean {
    const rooms = this.ctx.io.of('/').adapter.rooms;
    return (rooms.get(studentsRoom(classId))?.size ?? 0) + (rooms.get(teachersRoom(classId))?.size ?? 0) > 0;
  }

  /** The class with this code, unless it has been idle past its lifetime (then it ends now). */
  private async live(code: string): Promise<ClassRecord | undefined> {
    const record = await this.store.byCode(code);
    if (!record) return undefined;
    if (this.ctx.clock.now() - record.lastActive >= this.ctx.limits.classIdleMs && !this.occupied(record.id)) {
      await this.end(record.id, 'expired');
      return undefined;
    }
    return record;
  }

  private async enter(socket: DemoSocket, classId: string, member: MemberRecord): Promise<void> {
    socket.data.classStudent = { classId, memberId: member.id };
    await socket.join(studentsRoom(classId));
    await this.store.touch(classId, this.ctx.clock.now());
    this.watch(socket);
  }

  /** Listeners only class connections need, added once, when the socket first takes a seat. */
  private watch(socket: DemoSocket): void {
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

  private membership(record: ClassRecord, member: MemberRecord, memberToken: string): ClassMembership {
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

  private async afterDelivery(classId: string, pollId: string, received: number): Promise<void> {
    const record = await this.store.get(classId);
    if (!record?.poll || record.poll.id !== pollId) return;
    this.delivered.set(classId, { pollId, received });
    this.ctx.io.to(teachersRoom(classId)).emit('class:tally', this.tally(classId, record.poll));
    this.activity(classId, 'poll', `The question reached ${received} student page${received === 1 ? '' : 's'}.`);
  }
}
