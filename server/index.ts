// The entry for `npm start` (after start.ts has built the site): serve dist/ and the demo server on one port.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { limitsFromEnv, trustedProxiesFromEnv } from './config.ts';
import { jsonLogger } from './log.ts';
import { parseAllowedOrigins } from './origin.ts';
import { connectRedis } from './scale/redis.ts';
import { redisScale, singleNode } from './scale/context.ts';
import { createSite } from './site.ts';
import { exitOnUncaught, stopOnSignals } from './process-lifecycle.ts';

const logger = jsonLogger();
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '127.0.0.1';
// SP_DIST_DIR serves another build (tests point it at an empty folder to check the message below).
const distDir = process.env.SP_DIST_DIR
  ? resolve(process.env.SP_DIST_DIR)
  : fileURLToPath(new URL('../dist/', import.meta.url));

/** Startup problems an operator can fix get one sentence and exit code 1, not a stack trace. */
function fail(sentence: string): never {
  process.stderr.write(sentence + '\n');
  process.exit(1);
}

if (!existsSync(join(distDir, 'index.html'))) {
  fail(`There is no built site in ${distDir}: run \`npm run build\` first, or \`npm start\`, which builds it for you.`);
}

let limits;
let trustedProxies;
try {
  limits = limitsFromEnv();
  trustedProxies = trustedProxiesFromEnv();
} catch (err) {
  fail(err instanceof Error ? err.message : String(err));
}

// REDIS_URL is the one switch: unset, this node is alone with in-memory state; set, it is one of many.
let scale = singleNode();
if (process.env.REDIS_URL) {
  try {
    scale = redisScale(await connectRedis(process.env.REDIS_URL, logger), undefined, process.env.SP_REDIS_PREFIX);
  } catch (err) {
    fail(
      `Redis at REDIS_URL did not answer (${err instanceof Error ? err.message : String(err)}): start it or unset REDIS_URL.`,
    );
  }
}

const { httpServer, demo } = createSite({
  distDir,
  logger,
  limits,
  allowedOrigins: parseAllowedOrigins(process.env.SP_ALLOWED_ORIGINS),
  scale,
  trustedProxies,
});

httpServer.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EADDRINUSE') fail(`Port ${port} is in use; set PORT=… to use another.`);
  if (err.code === 'EACCES')
    fail(`Port ${port} needs more privileges than this process has; set PORT=… to use another.`);
  logger.error('server.failed', { error: err.message, code: err.code });
  process.exit(1);
});

httpServer.listen(port, host, () => {
  const shown = host.includes(':') ? `[${host}]` : host;
  logger.info('server.listening', { url: `http://${shown}:${port}/` });
  process.stdout.write(`\n  Sockets & Packets is running at http://${shown}:${port}/  (Ctrl-C to stop)\n\n`);
});

exitOnUncaught(logger);
stopOnSignals(logger, async () => {
  await demo.close();
  await scale.redis?.close();
  httpServer.close(() => process.exit(0));
  httpServer.closeAllConnections();
});
