// `npm run start:cluster`: one demo-server worker per core on one machine, sharing state through Redis. This
// primary process owns the port; @socket.io/sticky routes each request by its Engine.IO session id (`sid=`), so
// a long-polling client's requests all reach the worker that holds its session, and new sessions go to the
// worker with the fewest. Workers that die are started again; SIGINT or SIGTERM stops them all.
import cluster, { type Worker } from 'node:cluster';
import { createServer } from 'node:http';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { setupMaster } from '@socket.io/sticky';
import { createClient } from '@redis/client';
import { buildSiteIfStale } from './build-site.ts';
import { jsonLogger } from './log.ts';

const logger = jsonLogger();

function fail(sentence: string): never {
  process.stderr.write(sentence + '\n');
  process.exit(1);
}

/** SP_CLUSTER_NODES, else one worker per core. */
function clusterSize(value: string | undefined, cores = availableParallelism()): number {
  if (value === undefined || value === '') return cores;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) {
    throw new Error(`SP_CLUSTER_NODES must be a whole number from 1 to 64, not "${value}".`);
  }
  return n;
}

const url = process.env.REDIS_URL;
if (!url) {
  fail(
    'start:cluster shares state through Redis: start one (`redis-server --port 6379 --bind 127.0.0.1`) ' +
      'and set REDIS_URL=redis://127.0.0.1:6379.',
  );
}
let nodes = 1;
try {
  nodes = clusterSize(process.env.SP_CLUSTER_NODES);
} catch (err) {
  fail((err as Error).message);
}

// One probe before anything starts, so a wrong REDIS_URL is one sentence rather than workers failing in a loop.
const probe = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 3000 } });
probe.on('error', () => {});
try {
  await probe.connect();
  await probe.ping();
  await probe.quit();
} catch (err) {
  fail(`Redis at REDIS_URL did not answer (${(err as Error).message}): start it, or check REDIS_URL.`);
}

// SP_DIST_DIR serves another, existing build: nothing to build then.
if (!process.env.SP_DIST_DIR) buildSiteIfStale();

const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '127.0.0.1';
const httpServer = createServer();
setupMaster(httpServer, { loadBalancingMethod: 'least-connection' });
// 'advanced' keeps the first chunk of each request a Buffer on its way to the worker.
const exec = fileURLToPath(new URL('./cluster-worker.ts', import.meta.url));
cluster.setupPrimary({ exec, serialization: 'advanced' });

let stopping = false;
let failedStarts = 0;
const ready = new WeakSet<Worker>();

function fork() {
  const worker = cluster.fork();
  worker.on('message', (message: { type?: string; nodeId?: string }) => {
    if (message?.type !== 'sp:ready') return;
    ready.add(worker);
    failedStarts = 0;
    logger.info('cluster.worker_ready', { node: message.nodeId, pid: worker.process.pid });
  });
}

cluster.on('exit', (worker, code, signal) => {
  if (stopping) return;
  logger.error('cluster.worker_exited', { worker: worker.id, pid: worker.process.pid, code, signal });
  // A worker that never got ready will not get ready next time either (its error is above): stop after three.
  if (!ready.has(worker) && ++failedStarts >= 3) {
    process.stderr.write('Workers fail to start; see their errors above. Stopping the cluster.\n');
    void stop('startup', 1);
    return;
  }
  setTimeout(() => stopping || fork(), 500);
});

httpServer.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EADDRINUSE') fail(`Port ${port} is in use; set PORT=… to use another.`);
  if (err.code === 'EACCES') {
    fail(`Port ${port} needs more privileges than this process has; set PORT=… to use another.`);
  }
  logger.error('server.failed', { error: err.message, code: err.code });
  process.exit(1);
});

// Workers first: the primary answers 503 while it has none.
for (let i = 0; i < nodes; i++) fork();
httpServer.listen(port, host, () => {
  const shown = host.includes(':') ? `[${host}]` : host;
  logger.info('cluster.listening', { url: `http://${shown}:${port}/`, nodes });
  const where = `http://${shown}:${port}/`;
  process.stdout.write(`\n  Sockets & Packets (${nodes} nodes) is running at ${where}  (Ctrl-C to stop)\n\n`);
});

async function stop(reason: string, code = 0) {
  if (stopping) return;
  stopping = true;
  logger.info('cluster.stopping', { reason });
  httpServer.close();
  const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
  const exited = workers.map((w) => new Promise<void>((done) => (w.isDead() ? done() : w.once('exit', () => done()))));
  // SIGTERM, not worker.kill(): that cuts the IPC channel first, and connections still in flight need it.
  for (const w of workers) w.process.kill('SIGTERM');
  const late = setTimeout(() => workers.forEach((w) => w.isDead() || w.process.kill('SIGKILL')), 7000);
  await Promise.all(exited);
  clearTimeout(late);
  process.exit(code);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
