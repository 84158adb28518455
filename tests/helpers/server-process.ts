// Runs one of the project's server programs (server/index.ts, server/cluster.ts) as a real child process on the
// pinned Node, reads its JSON log lines, and stops it when the test ends, whether the test passed or not.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect, type Socket } from 'socket.io-client';
import type { AckResult } from '../../src/contract/index.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The Node the project pins (22): the system one may be older. */
export const NODE = join(ROOT, 'node_modules/.bin/node');

export interface LogLine {
  level: string;
  event: string;
  [field: string]: unknown;
}

export interface NodeProcess {
  child: ChildProcess;
  lines: LogLine[];
  /** stdout and stderr as text, for failure messages. */
  output(): string;
  /** Resolves with the first log line (already seen or still to come) that matches. */
  waitFor(match: (line: LogLine) => boolean, what: string, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function startNodeProcess(script: string, env: Record<string, string>): NodeProcess {
  const child = spawn(NODE, [join(ROOT, script)], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  const waiters = new Set<() => void>();
  let text = '';
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk;
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
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const wake of waiters) wake();
      resolve({ code, signal });
    }),
  );
  const output = () => text.slice(-3000);
  return {
    child,
    lines,
    output,
    exited,
    waitFor(match, what, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(match);
          if (found) return done(() => resolve(found));
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
    },
    async stop(graceMs = 6000) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const late = setTimeout(() => child.kill('SIGKILL'), graceMs);
        const result = await exited;
        clearTimeout(late);
        return result;
      }
      return exited;
    },
  };
}

/** A tiny site for a node to serve (SP_DIST_DIR): the tests are about routing, not pages. */
export function tinySite(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sp-site-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Sockets &amp; Packets</title><p>tiny site</p>\n');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Connects a real client; rejects with the connect error (for "Session ID unknown" and the like). */
export function connectClient(url: string, transports: Array<'polling' | 'websocket'>): Promise<Socket> {
  const socket = connect(url, { forceNew: true, transports, reconnection: false, timeout: 10_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export function ask<T = unknown>(socket: Socket, event: string, payload: unknown): Promise<AckResult<T>> {
  return socket.timeout(5000).emitWithAck(event, payload);
}

/** Creates a lab and sends one emit to everyone in it; resolves with what came back to the sender. */
export async function emitRoundTrip(socket: Socket, text: string): Promise<unknown> {
  const lab = await ask<{ labId: string }>(socket, 'lab:create', { kind: 'emit-sequence', name: 'Ada' });
  if (!lab.ok) throw new Error(`lab:create refused: ${lab.error}`);
  const arrived = new Promise<unknown>((resolve) => socket.once('emit:message', resolve));
  const sent = await ask(socket, 'emit:send', { variant: 'all', text });
  if (!sent.ok) throw new Error(`emit:send refused: ${sent.error}`);
  return arrived;
}
