// Build-time facts about the whole course, read from the lessons collection: per-lesson totals for progress,
// and which lessons mark which glossary term. Generic: a new lesson is picked up with no code here.
import { lessonHref, publishedLessons, type Lesson } from '../lessons.ts';
import type { LessonTotals } from '../progress/store.ts';
import { lessonActivities, termUsage, type LessonRef } from './activities.ts';

export async function courseTotals(lessons?: Lesson[]): Promise<LessonTotals[]> {
  return (lessons ?? (await publishedLessons())).map((l) => {
    const { checks, tries } = lessonActivities(l.body ?? '');
    return { id: l.id, checks, tries };
  });
}

export async function glossaryUsage(): Promise<Map<string, LessonRef[]>> {
  const lessons = await publishedLessons();
  return termUsage(lessons.map((l) => ({ id: l.id, title: l.data.title, href: lessonHref(l), body: l.body ?? '' })));
}

/** The glossary ids a lesson marks, in order of first use (for the printed list of terms). */
export const lessonTerms = (lesson: Lesson): string[] => lessonActivities(lesson.body ?? '').terms;

/** JSON safe to put inside a <script> element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');
