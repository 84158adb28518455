// Priorities that survive run-parallel.ts's own sessions. Linux with autogroup scheduling (the default on most
// distributions, and on the 2-core CI machines) shares the CPU between sessions first and between processes
// second: `nice` only orders processes inside one session. run-parallel starts each command in a session of its
// own (so a failing sibling can stop it whole), which would make `nice -n 10 <command>` give that command as much
// CPU as any other, and a nested run-parallel's lanes as much as the whole browser test suite. So a command's
// `nice -n N` is also set on its session, added to the session nice this process has, which nested lanes inherit.
import { readFileSync, writeFileSync } from 'node:fs';

/** The N of a command that starts with `nice -n N ` (0 for any other command). */
export function niceOf(command: string): number {
  const match = /^nice\s+-n\s*(\d+)\s/.exec(command.trim());
  return match ? Number(match[1]) : 0;
}

/** The nice of a session from /proc/<pid>/autogroup ("/autogroup-123 nice 10"); null without autogroup. */
export function parseAutogroup(text: string): number | null {
  const match = /nice\s+(-?\d+)/.exec(text);
  return match ? Number(match[1]) : null;
}

/** This process's session nice, or null where the kernel has no autogroup. */
export function ownSessionNice(): number | null {
  try {
    return parseAutogroup(readFileSync('/proc/self/autogroup', 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Sets the session nice of `pid` (a session leader run-parallel just started). Best effort: without autogroup
 * there is nothing to set, and an unprivileged user may change it only once per 100 ms (the kernel's limit).
 */
export function setSessionNice(pid: number, nice: number): void {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(Math.min(19, nice)));
  } catch {
    // no autogroup, or the rate limit: the command keeps its own `nice` inside its session
  }
}
