// Draws progress wherever the page asks for it: [data-progress-mark="<lesson>"] rings/ticks,
// [data-progress-text="<lesson>"] one-line descriptions, [data-progress-overall] the course total.
import { describeLesson, summarizeCourse, summarizeLesson, type LessonTotals, type Progress } from './store.ts';
import { countOf } from '../plural.ts';

export function drawProgress(root: ParentNode, progress: Progress, totals: LessonTotals[]): void {
  for (const t of totals) {
    const s = summarizeLesson(progress, t);
    const text = describeLesson(s);
    root.querySelectorAll<HTMLElement>(`[data-progress-mark="${CSS.escape(t.id)}"]`).forEach((mark) => {
      mark.dataset.status = s.status;
      mark.style.setProperty('--p', s.fraction.toFixed(3));
      const label =
        mark.querySelector<HTMLElement>('.visually-hidden') ??
        mark.appendChild(Object.assign(document.createElement('span'), { className: 'visually-hidden' }));
      label.textContent = ` (${text})`;
    });
    root.querySelectorAll<HTMLElement>(`[data-progress-text="${CSS.escape(t.id)}"]`).forEach((el) => {
      el.textContent = text;
      el.dataset.status = s.status;
    });
  }
  const course = summarizeCourse(progress, totals);
  root.querySelectorAll<HTMLElement>('[data-progress-overall]').forEach((el) => {
    el.dataset.done = String(course.lessonsDone);
    el.dataset.started = String(course.lessonsStarted);
    el.textContent =
      course.lessonsStarted === 0
        ? `Nothing yet: your progress appears here as you work through the lessons.`
        : `${countOf(course.lessonsDone, course.lessonsTotal, 'lesson')} done, ${course.lessonsStarted} started. ` +
          `${countOf(course.checksRight, course.checksTotal, 'self-check')} right, ` +
          `${countOf(course.triesDone, course.triesTotal, 'exercise')} done.`;
  });
}
