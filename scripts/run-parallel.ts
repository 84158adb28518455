// Runs independent shell commands side by side (`npm test` uses it for type checks, unit tests and the build)
// and fails if any fails. Each command's output is held and printed as one block when it ends, so lines from
// different steps never interleave; a summary lists every step with its time. When one fails, the others are
// stopped: the run has failed already, and the machine is better spent on the next attempt.
// Usage: node scripts/run-parallel.ts "<command>" "<command>" …
import { spawn, type ChildProcess } from 'node:child_process';
import { niceOf, ownSessionNice, setSessionNice } from './autogroup.ts';

const commands = process.argv.slice(2);
if (commands.length === 0) {
  console.error('usage: node scripts/run-parallel.ts "<command>" "<command>" …');
  process.exit(2);
}

interface Step {
  command: string;
  child: ChildProcess;
  output: Buffer[];
  started: number;
}

const started = performance.now();
const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const results: string[] = [];
let failed = false;

console.log(`Running side by side:\n${commands.map((c) => `  ${c}`).join('\n')}`);
const sessionNice = ownSessionNice();
const steps: Step[] = commands.map((command) => {
  // A process group of its own, so a failing sibling can stop this command and everything it started.
  const child = spawn(command, { shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  // Its own session too, which the scheduler weighs on its own: give it this one's priority, lowered by its nice.
  if (sessionNice !== null && child.pid) setSessionNice(child.pid, sessionNice + niceOf(command));
  const step: Step = { command, child, output: [], started: performance.now() };
  child.stdout?.on('data', (d: Buffer) => step.output.push(d));
  child.stderr?.on('data', (d: Buffer) => step.output.push(d));
  return step;
});

function stopOthers(except: Step): void {
  for (const s of steps) {
    if (s === except || s.child.exitCode !== null || s.child.signalCode !== null || !s.child.pid) continue;
    try {
      process.kill(-s.child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
}

// Ctrl-C stops every step, not only this script; so does SIGTERM, which is how an outer run-parallel stops this
// one when a sibling fails (the unit tests run their lanes through a run-parallel of their own).
for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  process.on(signal, () => {
    for (const s of steps) {
      if (!s.child.pid || s.child.exitCode !== null) continue;
      try {
        process.kill(-s.child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    process.exit(code);
  });
}

await Promise.all(
  steps.map(
    (step) =>
      new Promise<void>((resolve) => {
        step.child.on('close', (code, signal) => {
          const ok = code === 0;
          const stopped = !ok && signal !== null && failed;
          const verdict = ok ? 'passed' : stopped ? 'stopped' : `failed (${signal ?? `exit ${code}`})`;
          const head = `── ${step.command} ── ${verdict} in ${seconds(step.started)} s`;
          process.stdout.write(`\n${head}\n${Buffer.concat(step.output).toString()}`);
          results.push(
            `  ${ok ? 'ok  ' : stopped ? 'stop' : 'FAIL'} ${seconds(step.started).padStart(6)} s  ${step.command}`,
          );
          if (!ok && !failed) {
            failed = true;
            stopOthers(step);
          }
          resolve();
        });
      }),
  ),
);

console.log(`\n${results.join('\n')}\n  ${failed ? 'FAILED' : 'all passed'} in ${seconds(started)} s`);
process.exit(failed ? 1 : 0);
