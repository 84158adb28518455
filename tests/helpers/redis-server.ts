// Starts Debian's redis-server on a spare loopback port for one test file, with nothing saved to disk.
// `npm test` makes sure redis-server is installed (scripts/system-deps.ts), so a missing binary is an error here.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (SIGKILL: nothing to flush) and waits for it to exit. */
  stop(): Promise<void>;
  /** Freezes the server (SIGSTOP): connections stay open, nothing is answered, until stop(). */
  freeze(): void;
}

/** A port the kernel just gave out and took back: free unless someone else grabs it first, so we retry. */
export function sparePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Every redis-server this process started and has not seen exit: killed when the process exits, so a test whose
 * cleanup never ran (a hook that failed before it registered it) leaves no server behind.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

function launch(port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn(process.env.REDIS_SERVER_PATH ?? 'redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out.slice(-300)}`)));
  });
}

/** `port`: start again on the port of one stopped earlier (a Redis that comes back); no retry on another then. */
export async function startRedis(port?: number): Promise<TestRedis> {
  let lastError: unknown;
  for (let attempt = 0; attempt < (port ? 1 : 5); attempt++) {
    const chosen = port ?? (await sparePort());
    try {
      const child = await launch(chosen);
      return {
        url: `redis://127.0.0.1:${chosen}`,
        port: chosen,
        freeze: () => void child.kill('SIGSTOP'),
        stop: () =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGKILL');
          }),
      };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}
