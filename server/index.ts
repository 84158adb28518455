// The entry for `npm start` (after start.ts has built the site): serve dist/ and the demo server on one port.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createDemoServer } from './app.ts';
import { limitsFromEnv } from './config.ts';
import { createRequestHandler } from './http.ts';
import { jsonLogger } from './log.ts';

const logger = jsonLogger();
const port = Number(process.env.PORT ?? 4321);
const host = process.env.HOST ?? '127.0.0.1';
const distDir = fileURLToPath(new URL('../dist/', import.meta.url));

const httpServer = createServer((req, res) => {
  if (!demo.http(req, res)) staticFiles(req, res);
});
const demo = createDemoServer(httpServer, { limits: limitsFromEnv(), logger });
const staticFiles = createRequestHandler(distDir, demo.health);

httpServer.listen(port, host, () => {
  const shown = host.includes(':') ? `[${host}]` : host;
  logger.info('server.listening', { url: `http://${shown}:${port}/` });
  process.stdout.write(`\n  Sockets & Packets is running at http://${shown}:${port}/  (Ctrl-C to stop)\n\n`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('server.stopping', { signal });
  // Don't let a stuck client hold the process: give the graceful path 5 s.
  setTimeout(() => process.exit(1), 5000).unref();
  await demo.close();
  httpServer.close(() => process.exit(0));
  httpServer.closeAllConnections();
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
