// How a server process ends, the same for `npm start` (server/index.ts) and each cluster worker (cluster-node.ts):
// anything that escapes is logged as one line and the process exits, so its supervisor (deploy/, or the cluster
// primary) starts a clean one instead of serving from a broken state; SIGINT/SIGTERM stop it gracefully, with 5 s
// before it gives up on a stuck client.
import type { Logger } from './log.ts';

export function exitOnUncaught(logger: Logger): void {
  process.on('uncaughtException', (err) => {
    logger.error('process.uncaught', { error: err.message, stack: err.stack?.split('\n').slice(0, 8).join(' | ') });
    process.exit(1);
  });
}

/** Runs `stop` once on the first SIGINT or SIGTERM; `stop` exits the process when it is done. */
export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('server.stopping', { signal });
    setTimeout(() => process.exit(1), 5000).unref();
    await stop();
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
