// Classroom mode's part of the event contract: payloads, replies and events. Plain types only (no zod, no server
// code), so the class pages import it; the server validates what arrives with server/schemas/class.ts.
// A teacher starts a class, students join it by code, the teacher sees a roster, asks a self-check to the class
// (a poll), stages demos on a student's connection and ends the class. Every control event carries the class
// code and the teacher key; a student's forged one is refused with the code 'forbidden'.

import type { Ack, Empty } from './common.ts';

/** Every control event names the class by its code and proves it is the teacher with the key. */
export interface TeacherAuth {
  code: string;
  teacherKey: string;
}

export interface ClassCreatePayload {
  name?: string;
}
export interface ClassJoinPayload {
  code: string;
  name: string;
}
export interface ClassResumePayload {
  code: string;
  memberToken: string;
}
/** A student asks for their class's lab of one widget (credentials from class:join, never the teacher key). */
export interface ClassLabPayload {
  code: string;
  memberToken: string;
  /** The widget's element id on the page ("emit-sequence"): one lab per widget id per class. */
  widgetId: string;
  /** The widget's lab kind, used when the lab is created. */
  kind: string;
}
export interface ClassLabInfo {
  labId: string;
  kind: string;
}
export interface ClassWherePayload {
  lesson: string | null;
}
export interface ClassProgressPayload {
  lesson: string;
  checks: string[];
  tries: string[];
}
export interface ClassAnswerPayload {
  pollId: string;
  choice: number;
}
export interface ClassPollPayload extends TeacherAuth {
  checkId: string;
  choices: number;
  lesson?: string;
  /** The check's wording from the teacher's page, for the dashboard's chart (teachers only; shown as text). */
  question: string;
  labels: string[];
  correct: number;
}
/** Most virtual clients a widget prediction names (the rooms explorer has four). */
export const MAX_PREDICT_NAMES = 6;

/**
 * A widget's prediction put to the class (the rooms explorer's "predict who receives"): the teacher's widget ran
 * the emit for real and sends who actually received; the server keeps that until the reveal. A student's answer
 * is a class:answer whose choice is a bit mask over `names` (bit i: names[i] receives; 0: nobody).
 */
export interface ClassPredictPayload extends TeacherAuth {
  /** The widget's element id: the students' widget with this id shows the question. */
  widgetId: string;
  lesson?: string;
  /** The setup in words (the call, the sender, who is in which room), shown to students and on the dashboard. */
  question: string;
  names: string[];
  /** Indices into `names` of the clients that really received it. */
  received: number[];
}

/** What a student's widget shows of a prediction put to the class (never the answer before the reveal). */
export interface AskedPrediction {
  widgetId: string;
  question: string;
  names: string[];
  /** Who really received it: only in a page's membership once the teacher revealed it (a rejoin after it). */
  received?: number[];
}

export interface ClassRevealPayload extends TeacherAuth {
  pollId: string;
}
export interface ClassCutPayload extends TeacherAuth {
  memberId: string;
  seconds: number;
}
export interface ClassSuggestPayload extends TeacherAuth {
  href: string;
  title: string;
}

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
  /**
   * A widget prediction: counts[i] is how many students predicted labels[i] receives; `received` (indices of
   * the clients that really received it) and `exact` (students whose whole prediction was right) stay null
   * until the reveal. Absent for a self-check.
   */
  prediction?: { widgetId: string; received: number[] | null; exact: number | null };
}

export interface ClassActivity {
  at: number;
  kind:
    | 'join'
    | 'leave'
    | 'connect'
    | 'disconnect'
    | 'lesson'
    | 'progress'
    | 'answer'
    | 'poll'
    | 'reveal'
    | 'cut'
    | 'suggest'
    | 'lab'
    /** A student's widget entered or left a class lab (their first connection in it / their last one out). */
    | 'lab-join'
    | 'lab-leave';
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
  /** Set when the question is a widget's prediction rather than a self-check. */
  prediction?: AskedPrediction;
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
  'class:create': (payload: ClassCreatePayload, ack: Ack<ClassCreated>) => void;
  /** The teacher's dashboard subscribes to its class (teacher key required). */
  'class:teach': (payload: TeacherAuth, ack: Ack<ClassSnapshot>) => void;
  'class:join': (payload: ClassJoinPayload, ack: Ack<ClassMembership>) => void;
  'class:resume': (payload: ClassResumePayload, ack: Ack<ClassMembership>) => void;
  'class:leave': (payload: Empty, ack: Ack<{ left: boolean }>) => void;
  /** The class's shared lab for one widget, created on first use; join it with lab:join. */
  'class:lab': (payload: ClassLabPayload, ack: Ack<ClassLabInfo>) => void;
  'class:where': (payload: ClassWherePayload, ack: Ack<{ lesson: string | null }>) => void;
  'class:progress': (payload: ClassProgressPayload, ack: Ack<{ lessons: number }>) => void;
  'class:answer': (payload: ClassAnswerPayload, ack: Ack<{ choice: number }>) => void;
  'class:poll': (payload: ClassPollPayload, ack: Ack<PollTally>) => void;
  /** A widget's prediction put to the class, like a self-check (teacher key required). */
  'class:predict': (payload: ClassPredictPayload, ack: Ack<PollTally>) => void;
  'class:reveal': (payload: ClassRevealPayload, ack: Ack<PollTally>) => void;
  'class:cut': (payload: ClassCutPayload, ack: Ack<{ closed: number; until: number }>) => void;
  'class:suggest': (payload: ClassSuggestPayload, ack: Ack<{ sentTo: number }>) => void;
  'class:end': (payload: TeacherAuth, ack: Ack<{ ended: true }>) => void;
}

export interface ClassServerEvents {
  /** To the teacher: the whole roster after any change (a class is tens of students, so whole is cheap). */
  'class:roster': (roster: { roster: RosterEntry[] }) => void;
  'class:tally': (tally: PollTally) => void;
  'class:activity': (activity: ClassActivity) => void;
  /** To students: the teacher put a check to the class. The acknowledgement says "this page has it". */
  'class:asked': (poll: AskedPoll, ack: (received: boolean) => void) => void;
  /** `received`: for a widget prediction, the indices of the clients that really received it. */
  'class:revealed': (reveal: { pollId: string; checkId: string; received?: number[] }) => void;
  'class:suggested': (suggestion: { href: string; title: string }) => void;
  /** To one student: the teacher cut their demo connections for this long. */
  'class:cut': (cut: { seconds: number }) => void;
  'class:ended': (end: { reason: 'ended' | 'expired' | 'left' }) => void;
}
