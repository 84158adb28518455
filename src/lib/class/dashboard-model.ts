// The dashboard's arithmetic, pure: progress per student per lesson against the totals the build counted,
// the class's aggregate per lesson, the CSV export, the poll's bars and the capped event stream.
import type { ClassActivity, PollTally, RosterEntry } from '../../contract/class.ts';
import type { LessonTotals } from '../progress/store.ts';

export interface StudentLesson {
  checksRight: number;
  checksTotal: number;
  triesDone: number;
  triesTotal: number;
}

/** Counts only ids the lesson has, so a stale or forged id never inflates a score. */
export function studentLesson(entry: RosterEntry, totals: LessonTotals): StudentLesson {
  const report = entry.progress[totals.id] ?? { checks: [], tries: [] };
  return {
    checksRight: totals.checks.filter((id) => report.checks.includes(id)).length,
    checksTotal: totals.checks.length,
    triesDone: totals.tries.filter((id) => report.tries.includes(id)).length,
    triesTotal: totals.tries.length,
  };
}

export interface LessonAggregate {
  lesson: string;
  /** Students who reported anything in the lesson or have it open. */
  active: number;
  /** Right checks over all possible (students × checks), 0…1; null when the lesson has no checks. */
  checksShare: number | null;
  triesShare: number | null;
}

export function aggregate(roster: RosterEntry[], totals: LessonTotals[]): LessonAggregate[] {
  return totals.map((t) => {
    const rows = roster.map((r) => studentLesson(r, t));
    const active = roster.filter((r) => r.lesson === t.id || t.id in r.progress).length;
    const share = (got: number, each: number) => (each && roster.length ? got / (each * roster.length) : null);
    return {
      lesson: t.id,
      active,
      checksShare: share(
        rows.reduce((a, r) => a + r.checksRight, 0),
        t.checks.length,
      ),
      triesShare: share(
        rows.reduce((a, r) => a + r.triesDone, 0),
        t.tries.length,
      ),
    };
  });
}

/** A CSV cell: quoted when needed, and a leading = + - @ defused so a spreadsheet never runs a name as a formula. */
export function csvCell(value: string | number): string {
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r']/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function progressCsv(
  roster: RosterEntry[],
  totals: LessonTotals[],
  titles: Record<string, string> = {},
): string {
  const lines = [['student', 'lesson', 'checks right', 'checks', 'exercises done', 'exercises'].join(',')];
  for (const r of roster) {
    for (const t of totals) {
      if (!(t.id in r.progress) && r.lesson !== t.id) continue;
      const s = studentLesson(r, t);
      lines.push(
        [r.name, titles[t.id] ?? t.id, s.checksRight, s.checksTotal, s.triesDone, s.triesTotal].map(csvCell).join(','),
      );
    }
  }
  return lines.join('\r\n') + '\r\n';
}

export interface Bar {
  label: string;
  count: number;
  /** 0…1 of the answers given. */
  share: number;
  correct: boolean;
}

export function pollBars(tally: PollTally): Bar[] {
  return tally.counts.map((count, i) => ({
    label: tally.labels[i] ?? `Choice ${i + 1}`,
    count,
    share: tally.answered ? count / tally.answered : 0,
    // A widget prediction has a set of right bars (every client that really received it), a check one.
    correct: tally.correct === i || (tally.prediction?.received?.includes(i) ?? false),
  }));
}

export const ACTIVITY_CAP = 200;

/** Newest first, at most ACTIVITY_CAP entries. */
export const addActivity = (log: ClassActivity[], item: ClassActivity): ClassActivity[] =>
  [item, ...log].slice(0, ACTIVITY_CAP);

export function describeTransport(t: string | null): string {
  if (t === 'websocket') return 'WebSocket';
  if (t === 'polling') return 'HTTP long polling';
  return '—';
}
