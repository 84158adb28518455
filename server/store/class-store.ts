// What a class is, as stored: plain JSON-able records behind an async interface, so the in-memory store (the
// default) and a shared one (Redis, later) are interchangeable. Live facts (who is connected, over which
// transport) are not stored: the feature reads them from the sockets themselves.
import type { LessonReport } from '../../src/contract/index.ts';

export interface MemberRecord {
  id: string;
  name: string;
  /** sha-256 of the member token (the token itself is only ever in the student's browser). */
  tokenHash: string;
  joinedAt: number;
  lesson: string | null;
  progress: Record<string, LessonReport>;
}

export interface PollRecord {
  id: string;
  checkId: string;
  lesson: string | null;
  choices: number;
  question: string;
  labels: string[];
  correct: number;
  openedAt: number;
  /** member id → choice; only counts ever leave the server. */
  answers: Record<string, number>;
  revealed: boolean;
  /** A widget prediction (choices are bit masks over these names; `correct` is the mask that really received). */
  prediction?: { widgetId: string; names: string[] };
}

export interface ClassRecord {
  id: string;
  code: string;
  name: string;
  /** sha-256 of the teacher key. */
  keyHash: string;
  createdAt: number;
  /** Last time the teacher or a student did anything; the class expires classIdleMs after it. */
  lastActive: number;
  members: MemberRecord[];
  poll: PollRecord | null;
  /** Polls opened so far, for poll ids. */
  polls: number;
}

export interface ClassStore {
  count(): Promise<number>;
  /** Stores a new class; refuses when `maxClasses` exist or the code is taken. */
  create(record: ClassRecord, maxClasses: number): Promise<void>;
  get(classId: string): Promise<ClassRecord | undefined>;
  byCode(code: string): Promise<ClassRecord | undefined>;
  /** Adds a student; names are unique in a class (ignoring case), at most `maxStudents`. */
  addMember(classId: string, member: MemberRecord, maxStudents: number): Promise<MemberRecord>;
  memberByToken(tokenHash: string): Promise<{ classId: string; member: MemberRecord } | undefined>;
  removeMember(classId: string, memberId: string): Promise<boolean>;
  setLesson(classId: string, memberId: string, lesson: string | null): Promise<void>;
  /** Replaces one lesson's report; at most `max.lessons` lessons and `max.ids` ids in all are kept per student. */
  setProgress(
    classId: string,
    memberId: string,
    lesson: string,
    report: LessonReport,
    max: { lessons: number; ids: number },
  ): Promise<void>;
  /** Opens a poll (closing any earlier one) and returns it. */
  openPoll(classId: string, poll: Omit<PollRecord, 'id' | 'answers' | 'revealed'>): Promise<PollRecord>;
  /** Records a student's one answer to the open poll. */
  answer(classId: string, pollId: string, memberId: string, choice: number): Promise<PollRecord>;
  reveal(classId: string, pollId: string): Promise<PollRecord>;
  touch(classId: string, now: number): Promise<void>;
  /** Deletes the class and everything about its students. */
  delete(classId: string): Promise<boolean>;
  /** Ids of classes idle for at least `idleMs` at `now`. */
  idle(now: number, idleMs: number): Promise<string[]>;
}

export const tallyOf = (poll: PollRecord): number[] => {
  const counts = new Array<number>(poll.choices).fill(0);
  for (const choice of Object.values(poll.answers)) counts[choice] = (counts[choice] ?? 0) + 1;
  return counts;
};
