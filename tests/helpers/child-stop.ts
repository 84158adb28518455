// Stopping a node in a child process: stop() is a clean shutdown (SIGTERM, then SIGKILL if it has not exited
// within the grace period, so a test never hangs on its cleanup); kill() is a crash (SIGKILL, nothing cleaned up).
import type { ChildProcess } from 'node:child_process';

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ChildStop {
  exited: Promise<Exit>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited (safe to call twice). */
  stop(graceMs?: number): Promise<Exit>;
  /** SIGKILL at once, as a crash would; resolves once it has exited. */
  kill(): Promise<Exit>;
}

export function stopper(child: ChildProcess, defaultGraceMs = 6000): ChildStop {
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    exited,
    async stop(graceMs = defaultGraceMs) {
      if (!running()) return exited;
      child.kill('SIGTERM');
      const late = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(late);
      return result;
    },
    kill() {
      if (running()) child.kill('SIGKILL');
      return exited;
    },
  };
}
