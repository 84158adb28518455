// Output capture for a node in a child process: stdout and stderr as text (the tail, for failure messages), the
// JSON log lines it prints, and waits for a log line or a text that resolve as soon as it has been seen.
import type { ChildProcess } from 'node:child_process';

export interface LogLine {
  level: string;
  event: string;
  [field: string]: unknown;
}

export interface ChildOutput {
  lines: LogLine[];
  /** The last 3,000 characters of stdout and stderr. */
  output(): string;
  /** Resolves with the first log line (already seen or still to come) that matches. */
  waitFor(match: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  /** Resolves with the first match of `pattern` in stdout (already printed or still to come). */
  waitForText(pattern: RegExp, what: string, timeoutMs?: number): Promise<RegExpExecArray>;
}

/**
 * How long a wait for a child's log line may take before it fails. A safety net, not a measure: on CI, with the
 * browser tests and two other lanes on the same two cores, a cluster worker once took 14.5 s from the primary
 * listening to its first log line and the old 20 s limit failed the run. A passing wait ends as soon as the line is
 * printed, so a long limit costs nothing; it stays under the 120 s test timeout so the failure names what was missed.
 */
const CHILD_WAIT_MS = 60_000;

export function captureOutput(child: ChildProcess): ChildOutput {
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  let text = '';
  let stdout = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk;
    stdout += chunk;
    partial += chunk;
    const complete = partial.split('\n');
    partial = complete.pop()!;
    for (const raw of complete) {
      if (!raw.startsWith('{')) continue;
      try {
        lines.push(JSON.parse(raw));
      } catch {
        // a line some library printed: not ours
      }
    }
    for (const wake of waiters) wake();
  });
  child.stderr!.on('data', (chunk: Buffer) => (text += chunk));
  child.once('exit', () => {
    for (const wake of waiters) wake();
  });
  const output = () => text.slice(-3000);

  /** Calls `found` until it returns something; fails on exit or after `timeoutMs`. */
  function until<R>(found: () => R | undefined, what: string, timeoutMs: number): Promise<R> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const result = found();
        if (result !== undefined) return done(() => resolve(result));
        if (child.exitCode !== null || child.signalCode !== null) {
          done(() => reject(new Error(`exited before ${what}:\n${output()}`)));
        }
      };
      const timer = setTimeout(
        () => done(() => reject(new Error(`no ${what} in ${timeoutMs} ms:\n${output()}`))),
        timeoutMs,
      );
      const done = (fn: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        fn();
      };
      waiters.add(check);
      check();
    });
  }

  return {
    lines,
    output,
    waitFor: (match, what, timeoutMs = CHILD_WAIT_MS) => until(() => lines.find(match), what, timeoutMs),
    waitForText: (pattern, what, timeoutMs = CHILD_WAIT_MS) =>
      until(() => pattern.exec(stdout) ?? undefined, what, timeoutMs),
  };
}
