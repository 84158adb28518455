// Request/response over a child process's IPC channel, so the orchestrator can drive servers and client pools
// that run in processes of their own (their CPU and heap are then measured apart from everything else).
import { fork, type ChildProcess } from 'node:child_process';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command parses its own IPC arguments
type Handler = (args: any) => unknown;
interface Request {
  id: number;
  cmd: string;
  args: unknown;
}
interface Reply {
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** In a child: answer the parent's requests with these handlers (each may be async). */
export function serve(handlers: Record<string, Handler>): void {
  process.on('message', async (msg: Request) => {
    const reply = (r: Omit<Reply, 'id'>) => process.send?.({ id: msg.id, ...r });
    try {
      const fn = handlers[msg.cmd];
      if (!fn) throw new Error(`unknown command ${msg.cmd}`);
      reply({ ok: true, value: await fn(msg.args) });
    } catch (err) {
      reply({ ok: false, error: String((err as Error)?.stack ?? err) });
    }
  });
  // The parent going away (Ctrl-C, a crash) takes the child with it: nothing is left running.
  process.on('disconnect', () => process.exit(0));
}

export interface Child {
  call<T = unknown>(cmd: string, args?: unknown): Promise<T>;
  stop(): Promise<void>;
  process: ChildProcess;
}

/** Forks a bench module with IPC; `execArgv` adds flags such as --expose-gc. */
export function spawn(module: string, argv: string[] = [], execArgv: string[] = []): Child {
  const child = fork(new URL(module, import.meta.url), argv, {
    execArgv: [...execArgv, '--no-warnings'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let next = 0;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- replies are typed by the caller of call()
  const waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  child.on('message', (r: Reply) => {
    const w = waiting.get(r.id);
    if (!w) return;
    waiting.delete(r.id);
    if (r.ok) w.resolve(r.value);
    else w.reject(new Error(`${module}: ${r.error}`));
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`${module} exited (${code})`));
    waiting.clear();
  });
  return {
    process: child,
    call(cmd, args) {
      const id = next++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, cmd, args });
      });
    },
    stop() {
      if (child.exitCode !== null) return Promise.resolve();
      return new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    },
  };
}
