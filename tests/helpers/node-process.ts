// Starts demo-server nodes in child processes on one Redis (see node-child.ts) and connects real
// socket.io-client sockets to them. kill() is a node dying (SIGKILL: no clean shutdown, leases left to expire).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io as connect } from 'socket.io-client';
import type { Limits } from '../../server/config.ts';
import { connectTestSocket, type TestSocket } from './demo-server.ts';

export interface NodeProcess {
  nodeId: string;
  url: string;
  connect(options?: Parameters<typeof connect>[1]): Promise<TestSocket>;
  /** Kills the process at once, as a crash would. */
  kill(): Promise<void>;
  /** Disconnects this node's test sockets and kills the process (safe to call twice). */
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./node-child.ts', import.meta.url));

export async function startNode(
  redisUrl: string,
  nodeId: string,
  options: { prefix?: string; limits?: Partial<Limits> } = {},
): Promise<NodeProcess> {
  const env = {
    ...process.env,
    REDIS_URL: redisUrl,
    SP_NODE_ID: nodeId,
    TEST_PREFIX: options.prefix ?? 'test',
    TEST_LIMITS: JSON.stringify(options.limits ?? {}),
  };
  const child: ChildProcess = spawn(process.execPath, [CHILD], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /ready (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`node ${nodeId} exited (${code}): ${err.slice(-500)}`)));
  });
  const url = `http://127.0.0.1:${port}`;
  const sockets: TestSocket[] = [];
  const kill = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  return {
    nodeId,
    url,
    connect: (opts) => connectTestSocket(url, sockets, opts),
    kill,
    async stop() {
      for (const s of sockets) s.disconnect();
      await kill();
    },
  };
}
