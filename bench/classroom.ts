// Benchmark: a class on one demo server. LEARNERS pages × 3 virtual clients share one lab (the projector
// scenario); every learner's Alice sends `io.emit`-style messages for DURATION_S seconds. Reports delivery
// counts, latency percentiles and server memory. Bounded in count and time; loopback only.
// Usage: node bench/classroom.ts [learners=40] [seconds=10] [rate per learner per second=1]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { createDemoServer } from '../server/app.ts';
import { silentLogger } from '../server/log.ts';

const [learners = 40, seconds = 10, rate = 1] = process.argv.slice(2).map(Number);
const http = createServer();
const demo = createDemoServer(http, { logger: silentLogger, limits: { maxSocketsPerLab: 1000 } });
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

const ask = (s: Socket, e: string, p: unknown) =>
  s.timeout(5000).emitWithAck(e, p) as Promise<{ ok: boolean; data?: { labId: string } }>;
const sockets: Socket[] = [];
const open = async () => {
  const s = connect(url, { forceNew: true, transports: ['websocket'] });
  sockets.push(s);
  await new Promise<void>((r) => s.once('connect', () => r()));
  return s;
};

const first = await open();
const lab = await ask(first, 'lab:create', { kind: 'bench', name: 'Teacher' });
const labId = lab.data!.labId;
const senders: Socket[] = [];
const latencies: number[] = [];
let delivered = 0;
const listen = (s: Socket) =>
  s.on('emit:message', (m: { text: string }) => {
    delivered++;
    latencies.push(performance.now() - Number(m.text.split(':')[1]));
  });
listen(first);
for (let i = 0; i < learners; i++) {
  for (const name of ['Alice', 'Bob', 'Carol']) {
    const s = await open();
    await ask(s, 'lab:join', { labId, name });
    listen(s);
    if (name === 'Alice') senders.push(s);
  }
}
const members = demo.labs.get(labId)!.members.size;
console.log(`${members} sockets in one lab (${learners} learners × 3 + teacher)`);

let sent = 0;
const started = performance.now();
const timers = senders.map((s) =>
  setInterval(() => {
    if (performance.now() - started > seconds * 1000) return;
    sent++;
    s.emit('emit:send', { variant: 'all', text: `t:${performance.now()}` }, () => {});
  }, 1000 / rate),
);
await new Promise((r) => setTimeout(r, seconds * 1000 + 1500));
timers.forEach(clearInterval);

latencies.sort((a, b) => a - b);
const pct = (p: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]?.toFixed(1);
console.log(
  `sent ${sent} emits; delivered ${delivered} of ${sent * members} expected (${((100 * delivered) / (sent * members)).toFixed(2)}%)`,
);
console.log(`latency ms: p50 ${pct(50)}  p90 ${pct(90)}  p99 ${pct(99)}  max ${latencies.at(-1)?.toFixed(1)}`);
console.log(
  `server process RSS ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB (clients share the process)`,
);
for (const s of sockets) s.disconnect();
await demo.close();
http.close();
