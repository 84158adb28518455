// Course progress, kept in the learner's browser only: which lessons were opened, which self-checks were answered
// right, which exercises were ticked. Pure: a reducer, (de)serialisation that never throws, and summaries
// against the totals the build counted in each lesson (see src/lib/course/activities.ts).
import { countOf } from '../plural.ts';

export const PROGRESS_KEY = 'sp-progress-v1';
export const PROGRESS_VERSION = 1;

export interface LessonProgress {
  visited: boolean;
  /** Self-checks answered right: check id → index of the choice picked (to restore the form). */
  checks: Record<string, number>;
  /** Exercises ticked: try id → true. */
  tries: Record<string, true>;
}

export interface Progress {
  v: typeof PROGRESS_VERSION;
  lessons: Record<string, LessonProgress>;
}

export type ProgressAction =
  | { type: 'visit'; lesson: string }
  | { type: 'check'; lesson: string; id: string; correct: boolean; choice?: number }
  | { type: 'try'; lesson: string; id: string; done: boolean }
  | { type: 'reset' };

/** What the build counted in one lesson: the ids of its self-checks and exercises. */
export interface LessonTotals {
  id: string;
  checks: string[];
  tries: string[];
}

export const emptyProgress = (): Progress => ({ v: PROGRESS_VERSION, lessons: {} });
const emptyLesson = (): LessonProgress => ({ visited: false, checks: {}, tries: {} });

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Reads stored JSON. Anything unreadable, from another version, or oddly shaped becomes (part of) an empty record. */
export function parseProgress(raw: string | null | undefined): Progress {
  if (!raw) return emptyProgress();
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return emptyProgress();
  }
  if (!isRecord(data) || data.v !== PROGRESS_VERSION || !isRecord(data.lessons)) return emptyProgress();
  const out = emptyProgress();
  for (const [id, value] of Object.entries(data.lessons)) {
    if (!isRecord(value)) continue;
    const lesson = emptyLesson();
    lesson.visited = value.visited === true;
    if (isRecord(value.checks)) {
      for (const [c, choice] of Object.entries(value.checks)) {
        if (Number.isInteger(choice) && (choice as number) >= 0) lesson.checks[c] = choice as number;
      }
    }
    if (isRecord(value.tries))
      for (const [t, done] of Object.entries(value.tries)) if (done === true) lesson.tries[t] = true;
    out.lessons[id] = lesson;
  }
  return out;
}

export const serializeProgress = (progress: Progress): string => JSON.stringify(progress);

/** Pure update. A right answer is remembered; a later wrong one does not take it away. */
export function reduceProgress(state: Progress, action: ProgressAction): Progress {
  if (action.type === 'reset') return emptyProgress();
  const before = state.lessons[action.lesson] ?? emptyLesson();
  const lesson: LessonProgress = { visited: before.visited, checks: { ...before.checks }, tries: { ...before.tries } };
  switch (action.type) {
    case 'visit':
      if (before.visited) return state;
      lesson.visited = true;
      break;
    case 'check':
      if (!action.correct) return state;
      lesson.checks[action.id] = action.choice ?? before.checks[action.id] ?? 0;
      break;
    case 'try':
      if (action.done) lesson.tries[action.id] = true;
      else delete lesson.tries[action.id];
      break;
  }
  return { ...state, lessons: { ...state.lessons, [action.lesson]: lesson } };
}

export type LessonStatus = 'none' | 'started' | 'done';

export interface LessonSummary {
  visited: boolean;
  checksRight: number;
  checksTotal: number;
  triesDone: number;
  triesTotal: number;
  /** 0…1: the visit, each right check and each ticked exercise count one step. */
  fraction: number;
  status: LessonStatus;
}

/** Counts only ids the lesson still has, so a renamed check never counts twice. */
export function summarizeLesson(progress: Progress, totals: LessonTotals): LessonSummary {
  const p = progress.lessons[totals.id] ?? emptyLesson();
  const checksRight = totals.checks.filter((id) => id in p.checks).length;
  const triesDone = totals.tries.filter((id) => id in p.tries).length;
  const steps = 1 + totals.checks.length + totals.tries.length;
  const doneSteps = (p.visited ? 1 : 0) + checksRight + triesDone;
  const status: LessonStatus = doneSteps === 0 ? 'none' : doneSteps === steps ? 'done' : 'started';
  return {
    visited: p.visited,
    checksRight,
    checksTotal: totals.checks.length,
    triesDone,
    triesTotal: totals.tries.length,
    fraction: doneSteps / steps,
    status,
  };
}

export interface CourseSummary {
  lessonsDone: number;
  lessonsStarted: number;
  lessonsTotal: number;
  checksRight: number;
  checksTotal: number;
  triesDone: number;
  triesTotal: number;
}

export function summarizeCourse(progress: Progress, all: LessonTotals[]): CourseSummary {
  const out: CourseSummary = {
    lessonsDone: 0,
    lessonsStarted: 0,
    lessonsTotal: all.length,
    checksRight: 0,
    checksTotal: 0,
    triesDone: 0,
    triesTotal: 0,
  };
  for (const totals of all) {
    const s = summarizeLesson(progress, totals);
    if (s.status === 'done') out.lessonsDone++;
    if (s.status !== 'none') out.lessonsStarted++;
    out.checksRight += s.checksRight;
    out.checksTotal += s.checksTotal;
    out.triesDone += s.triesDone;
    out.triesTotal += s.triesTotal;
  }
  return out;
}

/** One line for people: "2 of 3 self-checks right, 0 of 1 exercise done". */
export function describeLesson(s: LessonSummary): string {
  if (s.status === 'none') return 'Not started';
  const parts = [];
  if (s.checksTotal) parts.push(`${countOf(s.checksRight, s.checksTotal, 'self-check')} right`);
  if (s.triesTotal) parts.push(`${countOf(s.triesDone, s.triesTotal, 'exercise')} done`);
  const what = parts.length ? `: ${parts.join(', ')}` : '';
  return (s.status === 'done' ? 'Done' : 'In progress') + what;
}
