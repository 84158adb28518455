// A class's lifecycle: a teacher creates it (a budget per address), proves the key, teaches it, and it ends, by the
// teacher or after its idle lifetime (the sweep).
import type { ClassSnapshot } from '../../src/contract/index.ts';
import type { DemoSocket } from '../feature.ts';
import { AddressBudget } from './class-budget.ts';
import { ClassCore, demoRoom, studentsRoom, teachersRoom } from './class-core.ts';
import { hashSecret, newClassCode, newId, newSecret, sameHash } from './class-secrets.ts';
import { UserError } from '../errors.ts';
import type { ClassRecord } from '../store/class-store.ts';

export class ClassSessions extends ClassCore {
  private readonly creates = new AddressBudget(this.ctx.limits.classCreatesPerHour, 3_600_000, this.ctx.clock);

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

  /** The class with this code, unless it has been idle past its lifetime (then it ends now). */
  protected async live(code: string): Promise<ClassRecord | undefined> {
    const record = await this.store.byCode(code);
    if (!record) return undefined;
    if (this.ctx.clock.now() - record.lastActive >= this.ctx.limits.classIdleMs && !this.occupied(record.id)) {
      await this.end(record.id, 'expired');
      return undefined;
    }
    return record;
  }
}
