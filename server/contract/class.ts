// Classroom mode: a teacher starts a class, students join it by code, the teacher sees a roster, asks a
// self-check to the class (a poll), stages demos on a student's connection and ends the class.
// Every control event carries the class code and the teacher key; a student's forged one is refused.
import { z } from 'zod';
import { CLASS_CODE_PATTERN, normalizeCode } from '../../src/lib/class/code.ts';
import { ClientNameSchema } from './common.ts';

/** Machine-readable reasons a class event was refused, next to the sentence for people. */
export type ClassErrorCode = 'invalid' | 'forbidden' | 'not-found' | 'full' | 'rate-limited' | 'conflict' | 'internal';

export type ClassAck<T> = (result: { ok: true; data: T } | { ok: false; error: string; code: ClassErrorCode }) => void;

/** A join code as typed: any case, spaces or dashes allowed; checked against the alphabet after normalising. */
export const ClassCodeSchema = z
  .string()
  .max(20, 'a class code has 7 characters')
  .transform(normalizeCode)
  .pipe(z.string().regex(CLASS_CODE_PATTERN, 'a class code is 7 letters and digits, as shown on the projector'));

/** 128 random bits, base64url: what class:create returned once. */
export const TeacherKeySchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'that is not a teacher key');
export const MemberTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'that is not a member token');
export const MemberIdSchema = z.string().regex(/^[A-Za-z0-9_-]{6,16}$/, 'that is not a student id');

/** A display name as everywhere (ClientNameSchema), and it must show at least one letter or digit. */
export const StudentNameSchema = ClientNameSchema.refine((n) => /[\p{L}\p{N}]/u.test(n), 'a name needs a letter or digit');

export const ClassNameSchema = z
  .string()
  .trim()
  .max(60, 'a class name has at most 60 characters')
  .regex(/^[^\p{C}]*$/u, 'a class name cannot contain control characters');

/** Lesson slugs and check/exercise ids, as the course uses them. */
const SlugSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,79}$/, 'a lesson or check id is a lowercase slug');

/** Where a suggestion may send students: a lesson or a course page on this site, optionally a section. */
export const SuggestHrefSchema = z
  .string()
  .regex(/^\/(?:lessons\/[a-z0-9-]{1,80}\/|class\/how-it-works\/)(?:#[a-z0-9-]{1,80})?$/, 'a lesson path such as /lessons/x/#y');

const TeacherAuth = { code: ClassCodeSchema, teacherKey: TeacherKeySchema };

export const ClassCreateSchema = z.object({ name: ClassNameSchema.optional() }).strict();
export const ClassTeachSchema = z.object(TeacherAuth).strict();
export const ClassJoinSchema = z.object({ code: ClassCodeSchema, name: StudentNameSchema }).strict();
export const ClassResumeSchema = z.object({ code: ClassCodeSchema, memberToken: MemberTokenSchema }).strict();
export const ClassLeaveSchema = z.object({}).strict();
export const ClassWhereSchema = z.object({ lesson: SlugSchema.nullable() }).strict();
export const ClassProgressSchema = z
  .object({ lesson: SlugSchema, checks: z.array(SlugSchema).max(50), tries: z.array(SlugSchema).max(50) })
  .strict();
export const ClassAnswerSchema = z.object({ pollId: z.string().regex(/^p[0-9]{1,6}$/), choice: z.number().int().min(0).max(9) }).strict();
const PollTextSchema = z.string().trim().min(1).max(300).regex(/^[^\p{Cc}]+$/u, 'text without control characters');
export const ClassPollSchema = z
  .object({
    ...TeacherAuth,
    checkId: SlugSchema,
    choices: z.number().int().min(2).max(10),
    lesson: SlugSchema.optional(),
    /** The check's wording from the teacher's page, for the dashboard's chart (teachers only; shown as text). */
    question: PollTextSchema,
    labels: z.array(PollTextSchema).max(10),
    correct: z.number().int().min(0).max(9),
  })
  .strict()
  .refine((p) => p.labels.length === p.choices && p.correct < p.choices, 'one label per choice, and a correct one among them');
export const ClassRevealSchema = z.object({ ...TeacherAuth, pollId: z.string().regex(/^p[0-9]{1,6}$/) }).strict();
export const ClassCutSchema = z.object({ ...TeacherAuth, memberId: MemberIdSchema, seconds: z.number().int().min(1).max(3600) }).strict();
export const ClassSuggestSchema = z
  .object({ ...TeacherAuth, href: SuggestHrefSchema, title: z.string().trim().min(1).max(120).regex(/^[^\p{C}]+$/u) })
  .strict();
export const ClassEndSchema = z.object(TeacherAuth).strict();

export interface LessonReport {
  /** Self-checks answered right. */
  checks: string[];
  /** Exercises done. */
  tries: string[];
}

export interface RosterEntry {
  id: string;
  name: string;
  /** The student's class connection is up. */
  connected: boolean;
  /** Lesson slug the student has open, if any. */
  lesson: string | null;
  /** Transport of the class connection: 'polling' or 'websocket'. */
  transport: string | null;
  /** Demo (lab) connections of this student the server sees right now. */
  demoSockets: number;
  progress: Record<string, LessonReport>;
}

export interface PollTally {
  pollId: string;
  checkId: string;
  lesson: string | null;
  choices: number;
  question: string;
  labels: string[];
  /** The right choice, once revealed (null before, so a projected dashboard cannot give it away). */
  correct: number | null;
  /** counts[i]: students who picked choice i. Names are never sent, not even to the teacher. */
  counts: number[];
  answered: number;
  /** Students whose browsers acknowledged the question (the broadcast's acknowledgements). */
  delivered: number | null;
  revealed: boolean;
}

export interface ClassActivity {
  at: number;
  kind: 'join' | 'leave' | 'connect' | 'disconnect' | 'lesson' | 'progress' | 'answer' | 'poll' | 'reveal' | 'cut' | 'suggest';
  /** A sentence for the event stream, built by the server from validated fields (render it as text). */
  text: string;
}

export interface ClassSnapshot {
  classId: string;
  code: string;
  name: string;
  createdAt: number;
  roster: RosterEntry[];
  poll: PollTally | null;
  limits: { maxStudents: number; idleMinutes: number; maxCutSeconds: number };
}

export interface ClassCreated {
  classId: string;
  code: string;
  name: string;
  /** Returned once: keep it; every teacher action needs it. */
  teacherKey: string;
}

/** What a student's page shows of an open poll: which check, never anyone's answer. */
export interface AskedPoll {
  pollId: string;
  checkId: string;
  lesson: string | null;
  choices: number;
  /** The choice this student already gave, if they answered. */
  answered: number | null;
  revealed: boolean;
}

export interface ClassMembership {
  code: string;
  className: string;
  memberId: string;
  /** The student's own secret for rejoining after a reload; also sent as a cookie so labs know the student. */
  memberToken: string;
  name: string;
  poll: AskedPoll | null;
}

export interface ClassClientEvents {
  'class:create': (payload: z.input<typeof ClassCreateSchema>, ack: ClassAck<ClassCreated>) => void;
  /** The teacher's dashboard subscribes to its class (teacher key required). */
  'class:teach': (payload: z.input<typeof ClassTeachSchema>, ack: ClassAck<ClassSnapshot>) => void;
  'class:join': (payload: z.input<typeof ClassJoinSchema>, ack: ClassAck<ClassMembership>) => void;
  'class:resume': (payload: z.input<typeof ClassResumeSchema>, ack: ClassAck<ClassMembership>) => void;
  'class:leave': (payload: z.input<typeof ClassLeaveSchema>, ack: ClassAck<{ left: boolean }>) => void;
  'class:where': (payload: z.input<typeof ClassWhereSchema>, ack: ClassAck<{ lesson: string | null }>) => void;
  'class:progress': (payload: z.input<typeof ClassProgressSchema>, ack: ClassAck<{ lessons: number }>) => void;
  'class:answer': (payload: z.input<typeof ClassAnswerSchema>, ack: ClassAck<{ choice: number }>) => void;
  'class:poll': (payload: z.input<typeof ClassPollSchema>, ack: ClassAck<PollTally>) => void;
  'class:reveal': (payload: z.input<typeof ClassRevealSchema>, ack: ClassAck<PollTally>) => void;
  'class:cut': (payload: z.input<typeof ClassCutSchema>, ack: ClassAck<{ closed: number; until: number }>) => void;
  'class:suggest': (payload: z.input<typeof ClassSuggestSchema>, ack: ClassAck<{ sentTo: number }>) => void;
  'class:end': (payload: z.input<typeof ClassEndSchema>, ack: ClassAck<{ ended: true }>) => void;
}

export interface ClassServerEvents {
  /** To the teacher: the whole roster after any change (a class is tens of students, so whole is cheap). */
  'class:roster': (roster: { roster: RosterEntry[] }) => void;
  'class:tally': (tally: PollTally) => void;
  'class:activity': (activity: ClassActivity) => void;
  /** To students: the teacher put a check to the class. The acknowledgement says "this page has it". */
  'class:asked': (poll: AskedPoll, ack: (received: boolean) => void) => void;
  'class:revealed': (reveal: { pollId: string; checkId: string }) => void;
  'class:suggested': (suggestion: { href: string; title: string }) => void;
  /** To one student: the teacher cut their demo connections for this long. */
  'class:cut': (cut: { seconds: number }) => void;
  'class:ended': (end: { reason: 'ended' | 'expired' | 'left' }) => void;
}
