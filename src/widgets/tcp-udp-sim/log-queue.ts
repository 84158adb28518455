// The event log while the run plays: a few lines at a time, because a screen reader cannot keep up with a flood,
// and each log entry costs the page a reflow. Stepping still tells everything.
import type { Frame } from '../../lib/widget/widget-frame.ts';
import { ms, type Line } from './narrate.ts';

const FLUSH_MS = 900;
const LINES_PER_FLUSH = 3;
const PRIORITY: Partial<Record<Line['kind'], number>> = {
  done: 0,
  'fast-retransmit': 1,
  timeout: 1,
  released: 2,
  held: 3,
  lost: 3,
  reorder: 4,
  resend: 4,
};

export interface LogQueue {
  /** Logs every line now. */
  log(lines: Line[]): void;
  /** Keeps lines for the next flush. */
  push(lines: Line[]): void;
  /** Logs the most telling of the queued lines (in time order) and counts the rest, `t` being the moment shown. */
  flush(force: boolean, t: number): void;
}

export function createLogQueue(ui: Frame): LogQueue {
  const log = (lines: Line[]) => {
    for (const l of lines) ui.log(l.text, l.tone, { kind: l.kind, proto: l.proto });
  };
  let queued: Line[] = [];
  let lastFlush = 0;
  function flush(force: boolean, t: number) {
    const now = performance.now();
    if (queued.length === 0 || (!force && now - lastFlush < FLUSH_MS)) return;
    lastFlush = now;
    const rank = (l: Line) => PRIORITY[l.kind] ?? 9;
    const keep = new Set([...queued].sort((a, b) => rank(a) - rank(b)).slice(0, LINES_PER_FLUSH));
    log(queued.filter((l) => keep.has(l)));
    const rest = queued.length - keep.size;
    if (rest > 0)
      ui.log(
        `…and ${rest} more event${rest > 1 ? 's' : ''} up to t=${ms(t)}. Pause and step to read each one.`,
        'info',
        { kind: 'more' },
      );
    queued = [];
  }
  return { log, push: (lines) => void queued.push(...lines), flush };
}
