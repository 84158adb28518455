// Time is passed in, so tests can move it by hand (ManualClock) instead of sleeping.
export interface Clock {
  now(): number;
  /**
   * Calls `fn` once, `ms` from now, and returns a cancel function. The timer never keeps the process alive.
   * Optional, so a bare `{ now }` is still a Clock: `after()` below falls back to an unref'd setTimeout.
   */
  after?(ms: number, fn: () => void): () => void;
}

function realAfter(ms: number, fn: () => void): () => void {
  const timer = setTimeout(fn, ms);
  timer.unref();
  return () => clearTimeout(timer);
}

/** Schedules `fn` on the clock's own timers when it has them (a ManualClock), else on an unref'd real timer. */
export function after(clock: Clock, ms: number, fn: () => void): () => void {
  return clock.after ? clock.after(ms, fn) : realAfter(ms, fn);
}

export const systemClock: Clock = { now: () => Date.now(), after: realAfter };

/** A clock tests can move by hand; timers set with after() run, in time order, when advance() or set() pass them. */
export class ManualClock implements Clock {
  private current: number;
  private timers: Array<{ at: number; seq: number; fn: () => void }> = [];
  private seq = 0;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.current + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  advance(ms: number): number {
    this.set(this.current + ms);
    return this.current;
  }

  set(ms: number): void {
    // Timers due by the new time run in order, each seeing the clock at its own due time (never going back).
    for (;;) {
      const due = this.timers.filter((t) => t.at <= ms).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.fn();
    }
    this.current = ms;
  }
}
