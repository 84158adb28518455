// The in-memory ClassStore: the embedded default. Records go in and come out as copies (structuredClone), so
// callers cannot lean on shared objects, exactly as they could not with a store across the network.
// Refusals are UserErrors with the contract's codes, so the dispatcher answers them as they are.
import type { LessonReport } from '../../src/contract/index.ts';
import { UserError } from '../errors.ts';
import type { ClassRecord, ClassStore, MemberRecord, PollRecord } from './class-store.ts';

export class InMemoryClassStore implements ClassStore {
  private readonly classes = new Map<string, ClassRecord>();
  private readonly codes = new Map<string, string>();
  /** member token hash → class id */
  private readonly tokens = new Map<string, string>();

  async count(): Promise<number> {
    return this.classes.size;
  }

  async create(record: ClassRecord, maxClasses: number): Promise<void> {
    if (this.classes.size >= maxClasses) {
      throw new UserError(`The demo server runs ${maxClasses} classes already. Try again later.`, 'server-full');
    }
    if (this.codes.has(record.code) || this.classes.has(record.id))
      throw new UserError('That class code is taken.', 'not-allowed');
    this.classes.set(record.id, structuredClone(record));
    this.codes.set(record.code, record.id);
  }

  async get(classId: string): Promise<ClassRecord | undefined> {
    const found = this.classes.get(classId);
    return found && structuredClone(found);
  }

  async byCode(code: string): Promise<ClassRecord | undefined> {
    const id = this.codes.get(code);
    return id === undefined ? undefined : this.get(id);
  }

  async addMember(classId: string, member: MemberRecord, maxStudents: number): Promise<MemberRecord> {
    const c = this.live(classId);
    if (c.members.length >= maxStudents)
      throw new UserError(`This class is full (${maxStudents} students).`, 'class-full');
    const lower = member.name.toLocaleLowerCase();
    if (c.members.some((m) => m.name.toLocaleLowerCase() === lower)) {
      throw new UserError(`Someone in this class is already called “${member.name}”. Pick another name.`, 'name-taken');
    }
    c.members.push(structuredClone(member));
    this.tokens.set(member.tokenHash, classId);
    return structuredClone(member);
  }

  async memberByToken(tokenHash: string): Promise<{ classId: string; member: MemberRecord } | undefined> {
    const classId = this.tokens.get(tokenHash);
    const member =
      classId === undefined ? undefined : this.classes.get(classId)?.members.find((m) => m.tokenHash === tokenHash);
    return member && classId !== undefined ? { classId, member: structuredClone(member) } : undefined;
  }

  async removeMember(classId: string, memberId: string): Promise<boolean> {
    const c = this.classes.get(classId);
    const i = c?.members.findIndex((m) => m.id === memberId) ?? -1;
    if (!c || i < 0) return false;
    const [gone] = c.members.splice(i, 1);
    this.tokens.delete(gone!.tokenHash);
    if (c.poll) delete c.poll.answers[memberId];
    return true;
  }

  async setLesson(classId: string, memberId: string, lesson: string | null): Promise<void> {
    this.member(classId, memberId).lesson = lesson;
  }

  async setProgress(
    classId: string,
    memberId: string,
    lesson: string,
    report: LessonReport,
    max: { lessons: number; ids: number },
  ): Promise<void> {
    const m = this.member(classId, memberId);
    if (!(lesson in m.progress) && Object.keys(m.progress).length >= max.lessons) {
      throw new UserError(`Progress is kept for at most ${max.lessons} lessons.`, 'too-large');
    }
    const next = { checks: [...new Set(report.checks)], tries: [...new Set(report.tries)] };
    let ids = next.checks.length + next.tries.length;
    for (const [id, p] of Object.entries(m.progress)) if (id !== lesson) ids += p.checks.length + p.tries.length;
    if (ids > max.ids)
      throw new UserError(`Progress is kept for at most ${max.ids} checks and exercises.`, 'too-large');
    m.progress[lesson] = next;
  }

  async openPoll(classId: string, poll: Omit<PollRecord, 'id' | 'answers' | 'revealed'>): Promise<PollRecord> {
    const c = this.live(classId);
    c.polls += 1;
    c.poll = { ...poll, id: `p${c.polls}`, answers: {}, revealed: false };
    return structuredClone(c.poll);
  }

  async answer(classId: string, pollId: string, memberId: string, choice: number): Promise<PollRecord> {
    const poll = this.poll(classId, pollId);
    this.member(classId, memberId);
    if (poll.revealed) throw new UserError('The answer has been revealed: this question is closed.', 'not-allowed');
    if (memberId in poll.answers) throw new UserError('You have answered this question already.', 'not-allowed');
    if (choice >= poll.choices) throw new UserError(`This question has ${poll.choices} choices.`, 'invalid-payload');
    poll.answers[memberId] = choice;
    return structuredClone(poll);
  }

  async reveal(classId: string, pollId: string): Promise<PollRecord> {
    const poll = this.poll(classId, pollId);
    poll.revealed = true;
    return structuredClone(poll);
  }

  async touch(classId: string, now: number): Promise<void> {
    const c = this.classes.get(classId);
    if (c) c.lastActive = Math.max(c.lastActive, now);
  }

  async delete(classId: string): Promise<boolean> {
    const c = this.classes.get(classId);
    if (!c) return false;
    for (const m of c.members) this.tokens.delete(m.tokenHash);
    this.codes.delete(c.code);
    this.classes.delete(classId);
    return true;
  }

  async idle(now: number, idleMs: number): Promise<string[]> {
    return [...this.classes.values()].filter((c) => now - c.lastActive >= idleMs).map((c) => c.id);
  }

  private live(classId: string): ClassRecord {
    const c = this.classes.get(classId);
    if (!c) throw new UserError('This class has ended.', 'unknown-class');
    return c;
  }

  private member(classId: string, memberId: string): MemberRecord {
    const m = this.live(classId).members.find((x) => x.id === memberId);
    if (!m) throw new UserError('You are not in this class (any more).', 'unknown-class');
    return m;
  }

  private poll(classId: string, pollId: string): PollRecord {
    const poll = this.live(classId).poll;
    if (!poll || poll.id !== pollId) throw new UserError('That question is no longer open.', 'not-allowed');
    return poll;
  }
}
