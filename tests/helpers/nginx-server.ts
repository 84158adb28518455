// Debian's nginx running the reference deploy/nginx.conf in front of given nodes, for tests and benchmarks that
// need the very file operators use. Only what cannot stay as written is swapped (ports, pid, logs, temp paths,
// one worker), and each swap must match exactly once, so a change to the file that breaks a swap fails loudly.
// tests/unit/scale-nginx.test.ts has its own copy with routing variants (round-robin, cookie) on top.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sparePort } from './redis-server.ts';
import { ROOT } from './server-process.ts';

export const REFERENCE_NGINX_CONF = join(ROOT, 'deploy/nginx.conf');
const NGINX = process.env.NGINX_PATH ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

export function renderNginxConf(text: string, opts: { port: number; nodes: number[]; prefix: string }): string {
  let out = text;
  const swap = (from: RegExp, to: string) => {
    const hits = out.match(new RegExp(from.source, from.flags + 'g'))?.length ?? 0;
    if (hits !== 1) throw new Error(`deploy/nginx.conf should have exactly one line matching ${from} (${hits})`);
    out = out.replace(from, to);
  };
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${opts.prefix}/${k};`);
  swap(/^worker_processes .*;$/m, 'worker_processes 1;');
  swap(/^pid .*;$/m, `pid ${opts.prefix}/nginx.pid;`);
  swap(/^error_log .*;$/m, `error_log ${opts.prefix}/error.log warn;`);
  swap(/^http \{$/m, `http {\n  ${temp.join('\n  ')}`);
  swap(
    /^(\s*)server node1:4321;\n\s*server node2:4321;$/m,
    opts.nodes.map((p) => `$1server 127.0.0.1:${p};`).join('\n'),
  );
  swap(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${opts.port};`);
  return out;
}

function untilListening(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const probe = tcpConnect(port, '127.0.0.1');
      probe.once('connect', () => (probe.destroy(), resolve()));
      probe.once('error', () => {
        probe.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listens on ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

export interface TestNginx {
  url: string;
  /** nginx's error log so far: upstream failures are logged there ("connect() failed … while connecting"). */
  errorLog(): string;
  stop(): Promise<void>;
}

/** nginx with the reference config in front of the nodes listening on `nodes` (127.0.0.1 ports). */
export async function startNginx(nodes: number[]): Promise<TestNginx> {
  const port = await sparePort();
  const prefix = mkdtempSync(join(tmpdir(), 'sp-nginx-'));
  chmodSync(prefix, 0o755); // nginx's workers may run as another user
  const conf = join(prefix, 'nginx.conf');
  writeFileSync(conf, renderNginxConf(readFileSync(REFERENCE_NGINX_CONF, 'utf8'), { port, nodes, prefix }));
  const child = spawn(NGINX, ['-c', conf, '-p', prefix, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (c: Buffer) => (output += c));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGQUIT');
    const late = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(late);
    rmSync(prefix, { recursive: true, force: true });
  };
  try {
    await Promise.race([untilListening(port), exited.then(() => Promise.reject(new Error(`nginx exited: ${output}`)))]);
  } catch (err) {
    await stop();
    throw err;
  }
  const errorLog = () => {
    try {
      return readFileSync(join(prefix, 'error.log'), 'utf8');
    } catch {
      return '';
    }
  };
  return { url: `http://127.0.0.1:${port}`, errorLog, stop };
}
