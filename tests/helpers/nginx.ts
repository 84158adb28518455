// Debian's nginx running deploy/nginx.conf (only its ports, paths and routing swapped for a test's), in front of
// demo nodes on loopback: what the reference file says is what the tests exercise.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sparePort } from './redis-server.ts';
import { ROOT } from './child-node.ts';

const REFERENCE = join(ROOT, 'deploy/nginx.conf');
const NGINX = process.env.NGINX_PATH ?? (existsSync('/usr/sbin/nginx') ? '/usr/sbin/nginx' : 'nginx');

export type Routing = 'ip_hash' | 'round-robin' | 'cookie';

export interface NginxOptions {
  /** The local address nginx connects to the nodes from (proxy_bind): a loopback address of its own, such as
   * 127.0.0.2, so a node can tell the proxy from a client that connects to it directly. */
  proxyBind?: string;
}

/** The reference config with the test's ports and a private prefix; each swap must match exactly once. */
export function renderNginxConf(
  text: string,
  opts: { port: number; nodes: number[]; prefix: string; routing: Routing } & NginxOptions,
) {
  let out = text;
  const swap = (from: RegExp, to: string) => {
    const hits = out.match(new RegExp(from.source, from.flags + 'g'))?.length ?? 0;
    assert.equal(hits, 1, `deploy/nginx.conf should have exactly one line matching ${from}`);
    out = out.replace(from, to);
  };
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${opts.prefix}/${k};`);
  swap(/^worker_processes .*;$/m, 'worker_processes 1;');
  swap(/^pid .*;$/m, `pid ${opts.prefix}/nginx.pid;`);
  swap(/^error_log .*;$/m, `error_log ${opts.prefix}/error.log warn;`);
  swap(/^http \{$/m, `http {\n  ${temp.join('\n  ')}`);
  swap(/^(\s*)ip_hash;$/m, opts.routing === 'ip_hash' ? '$1ip_hash;' : '$1# no ip_hash in this variant');
  if (opts.routing === 'cookie') {
    // The commented alternative, switched on exactly as its comment says.
    swap(/^(\s*)# (hash \$sticky_route consistent;)$/m, '$1$2');
    swap(/^(\s*)# (add_header Set-Cookie "sp_route=.*)$/m, '$1$2');
  }
  if (opts.proxyBind) swap(/^(\s*)proxy_http_version 1\.1;$/m, `$&\n$1proxy_bind ${opts.proxyBind};`);
  swap(
    /^(\s*)server node1:4321;\n\s*server node2:4321;$/m,
    opts.nodes.map((p) => `$1server 127.0.0.1:${p};`).join('\n'),
  );
  swap(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${opts.port};`);
  return out;
}

export function untilListening(port: number, timeoutMs = 10_000): Promise<void> {
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

/** nginx with the reference config in front of the nodes listening on `nodes` (127.0.0.1 ports); the caller stops it. */
export async function launchNginx(
  nodes: number[],
  routing: Routing = 'ip_hash',
  options: NginxOptions = {},
): Promise<TestNginx> {
  const port = await sparePort();
  const prefix = mkdtempSync(join(tmpdir(), 'sp-nginx-'));
  chmodSync(prefix, 0o755); // nginx's workers may run as another user
  const conf = join(prefix, 'nginx.conf');
  const text = renderNginxConf(readFileSync(REFERENCE, 'utf8'), { port, nodes, prefix, routing, ...options });
  writeFileSync(conf, text);
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

/** As launchNginx, stopped when the test ends. Resolves with its URL. */
export async function startNginx(
  t: { after(fn: () => Promise<void>): void },
  nodes: number[],
  routing: Routing,
  options: NginxOptions = {},
): Promise<string> {
  const nginx = await launchNginx(nodes, routing, options);
  t.after(nginx.stop);
  return nginx.url;
}
