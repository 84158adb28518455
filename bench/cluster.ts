// `npm run bench:cluster`: what a second node costs and gives. The same clients (1,000; BENCH_SCALE shrinks them)
// on one demo-server process, then spread over two processes on one Redis, in the same run: connects per second
// (connected and in the lab), and broadcast latency (p50/p99) and delivery while one client sends to everyone.
// All the clients are in one lab, created on the first node and joined from both, and the broadcast is the emit
// lesson's real `emit:send { variant: 'all' }`: the figures measure the product (dispatcher, schema, the lab's
// roster and delivery budget, adapter, Redis), not a bare room. One node is measured twice, alone (in-memory
// adapter) and on the Redis Streams adapter, so the table separates the adapter's cost from the second node's.
// Then a failover: one of the two nodes is killed, its clients connect to the survivor and rejoin the lab, and
// the time until all of them are back is printed. BENCH_REPS repetitions (3).
// Roles (one file): no argument = the orchestrator; `server <redis-url|-> <node> <key prefix>`; `clients <pool>`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { createDemoServer } from '../server/app.ts';
import { silentLogger } from '../server/log.ts';
import { redisScale, singleNode } from '../server/scale/context.ts';
import { connectRedis } from '../server/scale/redis.ts';
import { startRedis } from '../tests/helpers/redis-server.ts';
import { machine } from './machine.ts';
import { serve, spawn, type Child } from './rpc.ts';
import { benchLimits } from './servers/demo.ts';
import { percentile, spread } from './stats.ts';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CLIENTS = Math.max(4, Math.round(1000 * SCALE));
const RATE = 10; // sends a second, for SECONDS
const SECONDS = 3;
const REPS = Math.max(1, Number(process.env.BENCH_REPS ?? 3));
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function serverRole(redisUrl: string, node: string, prefix: string) {
  const http = createServer();
  const scale =
    redisUrl === '-' ? singleNode(node) : redisScale(await connectRedis(redisUrl, silentLogger), node, prefix);
  const demo = createDemoServer(http, {
    logger: silentLogger,
    // Every client is in the one lab, and each send reaches all of them: its delivery budget must not refuse.
    // Connections per address counted across nodes keep a killed node's for a while: room for them at failover.
    limits: { ...benchLimits(CLIENTS * 4), labDeliveriesPerSecond: CLIENTS * RATE * 4 },
    // Heartbeats pushed out, as in `npm run bench`, so pings do not land inside a measurement.
    socketOptions: { pingInterval: 600_000, pingTimeout: 60_000 },
    scale,
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  serve({ port: () => (http.address() as AddressInfo).port, count: () => demo.io.of('/').sockets.size });
}

type Ack = { ok: true; data: { labId: string } } | { ok: false; error: string };

function clientsRole(pool: string) {
  let sockets: Socket[] = [];
  let latencies: number[] = [];
  let delivered = 0;
  let labId = '';
  let named = 0;
  /** Connected, then in the lab (created when `create`): resolves once the server acknowledged it. */
  const open = (url: string, create = false) =>
    new Promise<Socket>((resolve, reject) => {
      const s = connect(url, { forceNew: true, transports: ['websocket'], reconnection: false });
      const name = `${pool}-${named++}`;
      s.once('connect', async () => {
        try {
          const res: Ack = create
            ? await s.timeout(10_000).emitWithAck('lab:create', { kind: 'emit-sequence', name })
            : await s.timeout(10_000).emitWithAck('lab:join', { labId, name });
          if (!res.ok) throw new Error(`${name}: ${res.error}`);
          if (create) labId = res.data.labId;
          resolve(s);
        } catch (err) {
          // No answer in time (a busy machine) or refused: the caller decides whether to try again.
          s.disconnect();
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      });
      s.once('connect_error', reject);
      s.on('emit:message', (message: { text: string }) => {
        delivered++;
        latencies.push(now() - Number(message.text));
      });
    });
  const openAll = async (url: string, n: number) => {
    const started = now();
    let next = 0;
    const lane = async () => {
      while (next++ < n) {
        // One more try for a join that timed out on the shared 2 cores; a second failure ends the run.
        sockets.push(await open(url).catch(() => open(url)));
      }
    };
    await Promise.all(Array.from({ length: 50 }, lane));
    return now() - started;
  };
  serve({
    /** The lab's first member, on `url`: it is also the one that sends. Resolves with the lab's id. */
    create: async ({ url }: { url: string }) => (sockets.push(await open(url, true)), labId),
    connect: ({ url, n, lab }: { url: string; n: number; lab: string }) => ((labId = lab), openAll(url, n)),
    reset: () => ((delivered = 0), (latencies = [])),
    send: ({ rate, seconds }: { rate: number; seconds: number }) =>
      new Promise<number>((resolve) => {
        let sent = 0;
        const timer = setInterval(
          () => (sent++, sockets[0].emit('emit:send', { variant: 'all', text: String(now()) })),
          1000 / rate,
        );
        setTimeout(() => (clearInterval(timer), resolve(sent)), seconds * 1000);
      }),
    results: () => ({ delivered, latencies }),
    /** Failover: when its node dies, every client connects to `url`; resolves with ms until all are back. */
    failover: ({ url }: { url: string }) =>
      new Promise<number>((resolve) => {
        const n = sockets.length;
        let lostAt = 0;
        let back = 0;
        const old = sockets;
        sockets = [];
        for (const s of old) {
          s.once('disconnect', async () => {
            lostAt ||= now();
            for (;;) {
              try {
                sockets.push(await open(url));
                break;
              } catch (err) {
                if (process.env.BENCH_DEBUG) process.stderr.write(`failover: ${String(err)}\n`);
                await sleep(50);
              }
            }
            if (++back === n) resolve(now() - lostAt);
          });
        }
      }),
    close: () => {
      for (const s of sockets.splice(0)) s.disconnect();
    },
  });
}

/** rpc's stop() waits for an exit, so it is only for children that have not exited (a killed one has). */
const running = (c: Child) => c.process.exitCode === null && c.process.signalCode === null;

interface Row {
  setup: string;
  connectsPerSecond: number;
  p50: number;
  p99: number;
  delivered: number;
}

/** One setup: `urls[i]` is the node pool i's half of the clients connects to. */
async function measure(setup: string, urls: string[], pools: Child[]): Promise<Row> {
  process.stderr.write(`${setup}…\n`);
  const half = CLIENTS / 2;
  const started = now();
  const lab = await pools[0].call<string>('create', { url: urls[0] });
  await Promise.all(
    pools.map((p, i) => p.call<number>('connect', { url: urls[i], n: i === 0 ? half - 1 : half, lab })),
  );
  const connectsPerSecond = CLIENTS / ((now() - started) / 1000);
  await sleep(500); // let both nodes' adapters see every socket's room before the first send
  await Promise.all(pools.map((p) => p.call('reset')));
  const sent = await pools[0].call<number>('send', { rate: RATE, seconds: SECONDS });
  const expected = sent * CLIENTS;
  let results: Array<{ delivered: number; latencies: number[] }> = [];
  for (let waited = 0; waited < 3000; waited += 100) {
    results = await Promise.all(pools.map((p) => p.call<{ delivered: number; latencies: number[] }>('results')));
    if (results.reduce((sum, r) => sum + r.delivered, 0) >= expected) break;
    await sleep(100);
  }
  const all = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const delivered = results.reduce((sum, r) => sum + r.delivered, 0) / expected;
  return { setup, connectsPerSecond, p50: percentile(all, 50), p99: percentile(all, 99), delivered };
}

async function orchestrate() {
  process.stdout.write(
    `${machine()}\n${CLIENTS} clients in one lab, ${RATE} emit:send 'all' a second for ${SECONDS} s; ` +
      `min / median / max of ${REPS} repetitions, setups in a rotated order.\n\n`,
  );
  const redis = await startRedis();
  const children: Child[] = [];
  const start = (...args: string[]) => {
    const child = spawn('./cluster.ts', args);
    children.push(child);
    return child;
  };
  try {
    const pools = [start('clients', 'a'), start('clients', 'b')];
    const setups: Array<[string, string[]]> = [
      ['1 node, in-memory adapter', ['-']],
      ['1 node, Redis Streams adapter', [redis.url]],
      ['2 nodes, Redis Streams adapter', [redis.url, redis.url]],
    ];
    const rows = new Map<string, Row[]>(setups.map(([name]) => [name, []]));
    const failovers: number[] = [];
    let launched = 0;
    for (let rep = 0; rep < REPS; rep++) {
      const order = setups.map((_, i) => setups[(i + rep) % setups.length]);
      for (const [setup, redisUrls] of order) {
        // Each setup is a fresh deployment (its own key prefix): the shared counts of an earlier setup's nodes
        // (a killed node's connections live until its heartbeat expires) must not count against this one.
        const prefix = `bench-${++launched}`;
        const servers = redisUrls.map((url, i) => start('server', url, `${prefix}-node-${i + 1}`, prefix));
        const ports = await Promise.all(servers.map((s) => s.call<number>('port')));
        const urls = pools.map((_, i) => `http://127.0.0.1:${ports[i % ports.length]}`);
        rows.get(setup)!.push(await measure(setup, urls, pools));
        if (servers.length === 2) {
          // Failover: node 2 dies; its clients (pool 2) connect to node 1.
          const back = pools[1].call<number>('failover', { url: urls[0] });
          const gone = new Promise((r) => servers[1].process.once('exit', r));
          servers[1].process.kill('SIGKILL');
          failovers.push(await back);
          await gone;
        }
        await Promise.all(pools.map((p) => p.call('close')));
        await Promise.all(servers.filter(running).map((s) => s.stop()));
      }
    }
    const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');
    const cell = (values: number[], d = 0) => {
      const { min, median, max } = spread(values);
      return `${fmt(min, d)} / **${fmt(median, d)}** / ${fmt(max, d)}`;
    };
    const lines = [
      '| setup | connects/s | broadcast p50 (ms) | broadcast p99 (ms) | delivered (%) |',
      '| --- | ---: | ---: | ---: | ---: |',
      ...[...rows].map(
        ([setup, r]) =>
          `| ${setup} | ${cell(r.map((x) => x.connectsPerSecond))} | ${cell(
            r.map((x) => x.p50),
            1,
          )} | ` +
          `${cell(
            r.map((x) => x.p99),
            1,
          )} | ${cell(
            r.map((x) => x.delivered * 100),
            1,
          )} |`,
      ),
    ];
    process.stdout.write(lines.join('\n') + '\n\n');
    process.stdout.write(
      `Failover: the ${CLIENTS / 2} clients of a killed node all reconnected to the survivor in ` +
        `${cell(failovers)} ms (from the first disconnect to the last one back in the lab).\n`,
    );
  } finally {
    await Promise.all(children.filter(running).map((c) => c.stop()));
    await redis.stop();
  }
}

const [role, ...rest] = process.argv.slice(2);
if (role === 'server') await serverRole(rest[0], rest[1], rest[2]);
else if (role === 'clients') clientsRole(rest[0]);
else await orchestrate();
