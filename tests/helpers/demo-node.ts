// Starts demo nodes as separate processes (demo-node-main.ts) on one Redis, so cross-node tests share nothing
// but Redis, as real nodes do; connects real socket.io-client sockets to them.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { io as connect } from 'socket.io-client';
import { connectTestSocket, type TestSocket } from './demo-server.ts';

const MAIN = fileURLToPath(new URL('./demo-node-main.ts', import.meta.url));
// The project's Node 22 (node_modules/.bin/node), which strips the TypeScript: the same binary running the tests.
const NODE = process.execPath;

export interface DemoNode {
  url: string;
  connect(options?: Parameters<typeof connect>[1]): Promise<TestSocket>;
  /** SIGKILL, as a crash: nothing is cleaned up. */
  kill(): Promise<void>;
  /** SIGTERM: the node closes its sockets and leaves the rosters. */
  stop(): Promise<void>;
}

export function startNode(redisUrl: string, nodeId: string, env: Record<string, string> = {}): Promise<DemoNode> {
  const child = spawn(NODE, [MAIN], {
    env: { ...process.env, REDIS_URL: redisUrl, SP_NODE_ID: nodeId, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const end = async (signal: NodeJS.Signals) => {
    for (const s of sockets) s.disconnect();
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    // A node that does not finish closing within 3 s is killed: a test must never hang on its cleanup.
    const force = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(force);
  };
  const sockets: TestSocket[] = [];
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`node ${nodeId} exited (${code}): ${err.slice(-500)}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening (\S+)/.exec(out)?.[1];
      if (!url) return;
      resolve({
        url,
        connect: (opts) => connectTestSocket(url, sockets, opts),
        kill: () => end('SIGKILL'),
        stop: () => end('SIGTERM'),
      });
    });
  });
}
