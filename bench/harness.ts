// Starts one server under test and one client pool, each in its own process, and always stops both.
import { spawn, type Child } from './rpc.ts';

export type Kind = 'demo' | 'plain' | 'ws';
export const KINDS: Kind[] = ['demo', 'plain', 'ws'];

export interface Rig {
  kind: Kind;
  server: Child;
  pool: Child;
  url: string;
  /** Limits the demo server was given above its defaults for this run (empty for the others). */
  raised: Record<string, number>;
}

export async function withRig<T>(
  kind: Kind,
  fn: (rig: Rig) => Promise<T>,
  options: { connections?: number; heartbeat?: 'quiet' | 'default' } = {},
): Promise<T> {
  const server = spawn(
    './server-process.ts',
    [kind, String(options.connections ?? 11_000), options.heartbeat ?? 'quiet'],
    ['--expose-gc'],
  );
  // The pool holds up to 10,000 clients: give it a heap that does not thrash.
  const pool = spawn('./client-pool.ts', [], ['--max-old-space-size=4096']);
  try {
    const { port, raised } = await server.call<{ port: number; raised: Record<string, number> }>('info');
    const url = `http://127.0.0.1:${port}`;
    await pool.call('target', { kind, url });
    return await fn({ kind, server, pool, url, raised });
  } finally {
    await pool.stop();
    await server.stop();
  }
}
