// The demo server for the class benchmark, alone in its process (run with --expose-gc), with the class limits
// a 200-student class from one address needs raised; everything else is the default server.
// Usage (forked by bench/class.ts): class-server.ts [students]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createDemoServer } from '../server/app.ts';
import { silentLogger } from '../server/log.ts';
import { serve } from './rpc.ts';
import { benchLimits } from './servers/demo.ts';

const students = Number(process.argv[2] ?? 200);
const limits = { ...benchLimits(students * 3), classMaxStudents: students, classCreatesPerHour: 100 };
const http = createServer();
const demo = createDemoServer(http, { logger: silentLogger, limits });
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
http.on('connection', (s) => s.on('error', () => {}));

const gc = (globalThis as { gc?: () => void }).gc;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

serve({
  info: () => ({ port: (http.address() as AddressInfo).port, raised: limits }),
  cpu: () => process.cpuUsage(),
  heap: async () => {
    if (!gc) throw new Error('start with --expose-gc');
    for (let i = 0; i < 3; i++) {
      gc();
      await sleep(20);
    }
    const m = process.memoryUsage();
    return { heapUsed: m.heapUsed, rss: m.rss };
  },
  sockets: () => demo.io.of('/').sockets.size,
});
