// Starts a node in a child process on the project's Node and waits until it is ready: any of the project's
// server programs (spawnNode: server/index.ts, server/cluster.ts, read through their JSON log lines), or a demo
// node for cross-node tests (startDemoNode: demo-node-main.ts on one Redis, with real socket.io-client sockets).
// Output capture is child-output.ts; stopping and killing, child-stop.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { io as connect } from 'socket.io-client';
import type { Limits } from '../../server/config.ts';
import { runnableScript } from './child-bundles.ts';
import { captureOutput, type ChildOutput } from './child-output.ts';
import { stopper, type ChildStop } from './child-stop.ts';
import { connectTestSocket, type TestSocket } from './demo-server.ts';

export type { LogLine } from './child-output.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The Node the project pins (22), which strips the TypeScript: the system one may be older. */
export const NODE = join(ROOT, 'node_modules/.bin/node');
const DEMO_MAIN = fileURLToPath(new URL('./demo-node-main.ts', import.meta.url));

export interface NodeProcess extends ChildOutput, ChildStop {
  child: ChildProcess;
}

/**
 * Runs `script` (absolute, or relative to the project; its bundle if this run made one, child-bundles.ts) with `env`
 * on top of this process's. stdin is a pipe the
 * child may watch: it closes when this process goes away, even killed, so a demo node never outlives its test.
 */
export function spawnNode(script: string, env: Record<string, string>): NodeProcess {
  const child = spawn(NODE, [runnableScript(ROOT, resolve(ROOT, script))], {
    cwd: ROOT,
    env: { ...process.env, HOST: '127.0.0.1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  return { child, ...captureOutput(child), ...stopper(child) };
}

export interface DemoNode {
  nodeId: string;
  url: string;
  connect(options?: Parameters<typeof connect>[1]): Promise<TestSocket>;
  /** SIGKILL, as a crash: nothing is cleaned up, leases are left to expire. */
  kill(): Promise<void>;
  /** Disconnects this node's test sockets, then SIGTERM: the node closes its sockets and leaves the rosters. */
  stop(): Promise<void>;
}

export interface DemoNodeOptions {
  /** Key prefix in Redis (SP_REDIS_PREFIX); default "sp". */
  prefix?: string;
  /** Limits on top of the defaults and SP_* variables. */
  limits?: Partial<Limits>;
  /** More environment, e.g. SP_* limits or SP_TEST_LOCAL_LABS=1. */
  env?: Record<string, string>;
}

/** A demo node on `redisUrl`, resolved once it listens (its labs loaded from Redis). */
export async function startDemoNode(
  redisUrl: string,
  nodeId: string,
  options: DemoNodeOptions = {},
): Promise<DemoNode> {
  const env: Record<string, string> = { REDIS_URL: redisUrl, SP_NODE_ID: nodeId, ...options.env };
  if (options.prefix !== undefined) env.SP_REDIS_PREFIX = options.prefix;
  if (options.limits !== undefined) env.TEST_LIMITS = JSON.stringify(options.limits);
  const node = spawnNode(DEMO_MAIN, env);
  const [, url] = await node.waitForText(/listening (\S+)\n/, `node ${nodeId} listening`).catch((err: Error) => {
    void node.kill();
    throw err;
  });
  const sockets: TestSocket[] = [];
  const end = async (how: () => Promise<unknown>) => {
    for (const s of sockets) s.disconnect();
    await how();
  };
  return {
    nodeId,
    url,
    connect: (opts) => connectTestSocket(url, sockets, opts),
    kill: () => end(() => node.kill()),
    // A node that does not finish closing within 3 s is killed: a test must never hang on its cleanup.
    stop: () => end(() => node.stop(3000)),
  };
}
