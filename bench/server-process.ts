// One server under test, alone in its process (run with --expose-gc), so its CPU and heap are its own.
// Usage (forked by the benchmark): server-process.ts demo|plain|ws [connections] [quiet-heartbeat]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from './rpc.ts';
import { benchLimits, startDemo } from './servers/demo.ts';
import { startPlain } from './servers/plain.ts';
import { startWs } from './servers/ws.ts';

const [kind = 'plain', connections = '11000', heartbeat = 'quiet'] = process.argv.slice(2);
const http = createServer();
// Heartbeats pushed far out, for all Socket.IO servers alike, so that 1,000 pings do not land inside a
// CPU measurement; the attack benchmark keeps the defaults (a slow reader is cut by the ping timeout).
const socketOptions = heartbeat === 'quiet' ? { pingInterval: 600_000, pingTimeout: 60_000 } : {};
const limits = benchLimits(Number(connections));
const server =
  kind === 'demo'
    ? startDemo(http, socketOptions, limits)
    : kind === 'ws'
      ? startWs(http)
      : startPlain(http, socketOptions);
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
http.on('connection', (s) => s.on('error', () => {}));

const gc = (globalThis as { gc?: () => void }).gc;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

serve({
  info: () => ({ port: (http.address() as AddressInfo).port, raised: kind === 'demo' ? limits : {} }),
  cpu: () => process.cpuUsage(),
  count: () => server.count(),
  /** Labs the demo server still keeps (the others keep none). */
  labs: () => (kind === 'demo' ? (server as ReturnType<typeof startDemo>).labs() : 0),
  /** Heap after full collections (weak references and finalizers need more than one pass). */
  heap: async () => {
    if (!gc) throw new Error('start with --expose-gc');
    for (let i = 0; i < 3; i++) {
      gc();
      await sleep(20);
    }
    const m = process.memoryUsage();
    return { heapUsed: m.heapUsed, rss: m.rss, external: m.external };
  },
  mem: () => process.memoryUsage(),
  /** Resolves once at most `max` connections remain, i.e. every disconnect handler has run. */
  settle: async ({ max, timeoutMs = 20_000 }: { max: number; timeoutMs?: number }) => {
    const until = Date.now() + timeoutMs;
    while (server.count() > max && Date.now() < until) await sleep(2);
    await new Promise((r) => setImmediate(r));
    return server.count();
  },
});
