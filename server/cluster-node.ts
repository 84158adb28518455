// One worker of `npm run start:cluster` (loaded by cluster-worker.ts): the whole site and demo server, like
// server/index.ts, except that it never listens. The primary (cluster.ts) owns the port and hands each connection
// over with @socket.io/sticky, so a long-polling session's requests all reach the worker that holds it. State is
// shared through Redis.
import cluster from 'node:cluster';
import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setupWorker } from '@socket.io/sticky';
import type { Server } from 'socket.io';
import { limitsFromEnv, trustedProxiesFromEnv } from './config.ts';
import { jsonLogger, type Logger } from './log.ts';
import { parseAllowedOrigins } from './origin.ts';
import { connectRedis, type RedisConnection } from './scale/redis.ts';
import { redisScale } from './scale/context.ts';
import { createSite } from './site.ts';
import { withStickySessions } from './cluster-sessions.ts';
import { exitOnUncaught, stopOnSignals } from './process-lifecycle.ts';

/** The response header naming the worker that answered (operators see where a request went). */
export const NODE_HEADER = 'x-sp-node';

function fail(sentence: string): never {
  process.stderr.write(sentence + '\n');
  process.exit(1);
}

if (!cluster.isWorker || !process.env.REDIS_URL) fail('Start the cluster with `npm run start:cluster`.');

const nodeId = `${process.env.SP_NODE_ID || hostname()}:worker-${cluster.worker!.id}`;
const base = jsonLogger();
const logger: Logger = {
  info: (event, fields) => base.info(event, { node: nodeId, ...fields }),
  warn: (event, fields) => base.warn(event, { node: nodeId, ...fields }),
  error: (event, fields) => base.error(event, { node: nodeId, ...fields }),
};
const distDir = process.env.SP_DIST_DIR
  ? resolve(process.env.SP_DIST_DIR)
  : fileURLToPath(new URL('../dist/', import.meta.url));
if (!existsSync(join(distDir, 'index.html'))) fail(`There is no built site in ${distDir}: run \`npm run build\`.`);

let limits;
let trustedProxies;
try {
  limits = limitsFromEnv();
  trustedProxies = trustedProxiesFromEnv();
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}

let redis: RedisConnection;
try {
  redis = await connectRedis(process.env.REDIS_URL!, logger);
} catch (err) {
  fail(`Redis at REDIS_URL did not answer (${err instanceof Error ? err.message : String(err)}).`);
}
const scale = withStickySessions(redisScale(redis, nodeId, process.env.SP_REDIS_PREFIX));
const { httpServer, demo } = createSite({
  distDir,
  logger,
  limits,
  allowedOrigins: parseAllowedOrigins(process.env.SP_ALLOWED_ORIGINS),
  scale,
  trustedProxies,
});
// Takes connections from the primary and reports the main server's sessions (cluster-sessions.ts: the others).
setupWorker(demo.io as unknown as Server);
httpServer.prependListener('request', (_req, res) => res.setHeader(NODE_HEADER, nodeId));

exitOnUncaught(logger);
// Ctrl-C reaches every process of the terminal's group; the primary sends SIGTERM when it stops the cluster.
stopOnSignals(logger, async () => {
  httpServer.closeAllConnections();
  await demo.close();
  await redis.close();
  process.exit(0);
});

process.send?.({ type: 'sp:ready', nodeId });
logger.info('worker.ready', {});
