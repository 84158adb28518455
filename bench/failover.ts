// `npm run bench:failover`: a node killed under load, as operators run it. Redis, two demo nodes (server/index.ts,
// each its own process) and Debian's nginx in front with deploy/nginx.conf as written (only ports and paths
// swapped). N clients (300) reach nginx only; they sit in one missed-events lab with the stream running and act
// as the widget does (src/widgets/missed-events/clients.ts): the lab in the handshake, lab:join again after every
// reconnect, then its "offset" strategy (missed:subscribe { afterOffset } with the last offset held) or its
// "recovery" strategy (the lab's connection-state-recovery server, which restores the socket's session, rooms
// and missed packets from the Redis Streams adapter on whichever node it reaches). Then the node holding most of
// them is killed (SIGKILL) and Socket.IO's own reconnection (the widget's backoff) brings them back through
// nginx. Measured: time from the kill until each client is back in the lab, and until the stream's next live
// event reaches it; logged events a client never got (offsets compared with the Redis log), duplicates, clients
// that came back in another lab or under another name. Each strategy on WebSocket and on long polling, --reps
// times each.
// Every client comes from 127.0.0.1 and the config routes by ip_hash, so all of them sit on one node: the figures
// are one node's whole load moving to the other, the worst case for the survivor.
// Flags: --clients N (300), --reps R (3), --rate events/s (5), --transports websocket,polling,
// --strategies offset,recovery.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { RECOVERY_PATH, type AckResult, type LabInfo, type StreamEvent } from '../src/contract/index.ts';
import { connectRedis } from '../server/scale/redis.ts';
import { silentLogger } from '../server/log.ts';
import { DEFAULT_LIMITS } from '../server/config.ts';
import { launchNginx } from '../tests/helpers/nginx.ts';
import { sparePort, startRedis } from '../tests/helpers/redis-server.ts';
import { spawnNode, type NodeProcess } from '../tests/helpers/child-node.ts';
import { tinySite } from '../tests/helpers/tiny-site.ts';
import { machine } from './machine.ts';
import { benchLimits } from './servers/demo.ts';
import { percentile, spread } from './stats.ts';

type Transport = 'websocket' | 'polling';
type Strategy = 'offset' | 'recovery';
const { values: flags } = parseArgs({
  options: {
    clients: { type: 'string', default: '300' },
    reps: { type: 'string', default: process.env.BENCH_REPS ?? '3' },
    rate: { type: 'string', default: '5' },
    transports: { type: 'string', default: 'websocket,polling' },
    strategies: { type: 'string', default: 'offset,recovery' },
  },
});
const CLIENTS = Math.max(2, Number(flags.clients));
const REPS = Math.max(1, Number(flags.reps));
const RATE = Math.min(DEFAULT_LIMITS.missedMaxRate, Math.max(1, Number(flags.rate)));
const TRANSPORTS = flags.transports.split(',') as Transport[];
const STRATEGIES = flags.strategies.split(',') as Strategy[];
/** Longest a client may take to come back before the run counts it as never back. */
const GIVE_UP_MS = 60_000;

const now = () => performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Limits a bench from one address must raise, as SP_* variables (server/config.ts reads them). */
function raisedEnv(): Record<string, string> {
  // A killed node's members stay on the roster (and its connections in the per-address count) until its
  // heartbeat expires, so the lab and the address need room for everyone twice over.
  const limits: Record<string, number> = {
    ...benchLimits(CLIENTS * 4),
    labDeliveriesPerSecond: CLIENTS * RATE * 10,
    maxReplayEvents: DEFAULT_LIMITS.historyPerLab,
  };
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(limits)) {
    env[`SP_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`] = String(value);
  }
  return env;
}

function ask<T>(socket: Socket, event: string, payload: unknown): Promise<AckResult<T>> {
  // Long: a survivor slow to answer a burst of rejoins is what is measured; a short timeout plus a retry would
  // add load of its own.
  return socket.timeout(30_000).emitWithAck(event, payload);
}

/** One learner's client, doing what the widget's "offset" strategy does (src/widgets/missed-events/clients.ts). */
interface Learner {
  name: string;
  socket: Socket;
  joins: LabInfo[];
  events: StreamEvent[];
  lastSeq: number;
  lastOffset?: string;
  /** ms (performance.now) of the last successful (re)join, and of the first live event after it. */
  joinedAt: number;
  liveAfterJoinAt: number;
  /** Reconnections that connection state recovery restored (socket.recovered). */
  recovered: number;
  droppedAt: number;
  /** lab:join or missed:subscribe refused or unanswered. */
  failures: number;
  /** ms of the last Socket.IO connect (before the lab:join that follows it). */
  connectedAt: number;
  /** The member secret of the last join reply, sent back as the widgets' lab session does (keeps the name). */
  secret?: string;
}

interface Setup {
  transport: Transport;
  strategy: Strategy;
}

function learner(url: string, setup: Setup, name: string, labId: () => string | undefined): Learner {
  // The widget's options: forceNew, reconnectionDelayMax 4000, Socket.IO's default 1 s delay with jitter 0.5.
  const socket = io(url, {
    forceNew: true,
    transports: [setup.transport],
    reconnectionDelayMax: 4000,
    ...(setup.strategy === 'recovery' ? { path: RECOVERY_PATH } : {}),
  });
  const l: Learner = {
    name,
    socket,
    joins: [],
    events: [],
    lastSeq: 0,
    joinedAt: 0,
    liveAfterJoinAt: 0,
    recovered: 0,
    droppedAt: 0,
    connectedAt: 0,
    failures: 0,
  };
  socket.on('missed:event', (e: StreamEvent) => {
    l.events.push(e);
    if (!e.replayed && l.joinedAt && !l.liveAfterJoinAt) l.liveAfterJoinAt = now();
    if (e.seq > l.lastSeq) {
      l.lastSeq = e.seq;
      l.lastOffset = e.offset;
    }
  });
  socket.on('disconnect', () => (l.droppedAt = now()));
  socket.on('connect', async () => {
    l.connectedAt = now();
    l.joinedAt = 0;
    l.liveAfterJoinAt = 0;
    try {
      const id = labId();
      const res = id
        ? await ask<LabInfo>(socket, 'lab:join', { labId: id, name, kind: 'missed-events', secret: l.secret })
        : await ask<LabInfo>(socket, 'lab:create', { kind: 'missed-events', name });
      if (!res.ok) throw new Error(res.error);
      l.secret = res.data.secret;
      socket.auth = { labId: res.data.labId, name, secret: l.secret };
      // A recovered socket is back in the stream's room with what it missed: the widget subscribes only if not.
      if (!(setup.strategy === 'recovery' && socket.recovered)) {
        const after = setup.strategy === 'offset' && l.lastOffset ? { afterOffset: l.lastOffset } : {};
        const sub = await ask(socket, 'missed:subscribe', after);
        if (!sub.ok) throw new Error(sub.error);
      }
      if (socket.recovered) l.recovered++;
      l.joins.push(res.data);
      l.joinedAt = now();
    } catch (err) {
      // The widget shows the error and stays as it is; the run counts this client as never back.
      l.failures++;
      if (process.env.BENCH_DEBUG) process.stderr.write(`${name}: ${String(err)}\n`);
    }
  });
  return l;
}

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  const deadline = now() + ms;
  while (!ok()) {
    if (now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

interface Run {
  /** From the kill to Socket.IO's connect through nginx, and to the lab:join (and subscribe) answered. */
  connectMs: number[];
  reconnectMs: number[];
  nextEventMs: number[];
  neverBack: number;
  lost: number;
  duplicates: number;
  wrongLab: number;
  renamed: number;
  recovered: number;
  /** Clients the kill disconnected (all of them: ip_hash, one address). */
  moved: number;
  /** Main-path sockets on the survivor afterwards (the recovery server's are not in /healthz). */
  onSurvivor: number;
}

async function once(setup: Setup, rep: number, redisUrl: string, site: string): Promise<Run> {
  const prefix = `failover-${setup.transport}-${setup.strategy}-${rep}`;
  const ports = [await sparePort(), await sparePort()];
  const nodes: NodeProcess[] = ports.map((port, i) =>
    spawnNode('server/index.ts', {
      ...raisedEnv(),
      PORT: String(port),
      REDIS_URL: redisUrl,
      SP_REDIS_PREFIX: prefix,
      SP_NODE_ID: `${prefix}-node-${'ab'[i]}`,
      SP_DIST_DIR: site,
    }),
  );
  const learners: Learner[] = [];
  const inspect = await connectRedis(redisUrl, silentLogger);
  let nginx: Awaited<ReturnType<typeof launchNginx>> | undefined;
  try {
    await Promise.all(nodes.map((n) => n.waitFor((l) => l.event === 'server.listening', 'listening', 60_000)));
    nginx = await launchNginx(ports);
    let labId: string | undefined;
    const first = learner(nginx.url, setup, 'L0', () => labId);
    learners.push(first);
    if (!(await until(() => first.joins.length === 1, 20_000))) throw new Error('the first client made no lab');
    labId = first.joins[0]!.labId;
    // 50 at a time, like a class arriving, not all in one instant.
    for (let i = 1; i < CLIENTS; i += 50) {
      const batch = Array.from({ length: Math.min(50, CLIENTS - i) }, (_, k) =>
        learner(nginx!.url, setup, `L${i + k}`, () => labId),
      );
      learners.push(...batch);
      if (!(await until(() => batch.every((l) => l.joins.length === 1), 60_000))) throw new Error('joins stalled');
    }
    const started = await ask(first.socket, 'missed:configure', { running: true, rate: RATE });
    if (!started.ok) throw new Error(`missed:configure: ${started.error}`);
    if (!(await until(() => learners.every((l) => l.events.length >= 3), 30_000))) throw new Error('no stream');

    const health = (port: number) =>
      fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.json() as Promise<{ sockets: number }>);
    // /healthz counts the main path's sockets only, not the recovery server's: a probe on the main path, also
    // from 127.0.0.1, lands where ip_hash sends this address, so the node holding it holds the learners too.
    const probe = io(nginx.url, { forceNew: true, transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) => probe.once('connect', () => resolve()));
    const counts = await Promise.all(ports.map(async (p) => (await health(p)).sockets));
    probe.close();
    const doomed = counts[0]! >= counts[1]! ? 0 : 1;
    const killedAt = now();
    nodes[doomed]!.child.kill('SIGKILL');
    await nodes[doomed]!.exited;
    const before = Math.max(...learners.map((l) => l.lastSeq));
    await until(
      () => learners.every((l) => l.joins.length >= 2 && l.joinedAt && l.liveAfterJoinAt && l.lastSeq > before),
      GIVE_UP_MS,
    );
    await sleep(1000); // replays still on the way, and a few more live events
    const back = learners.filter((l) => l.joins.length >= 2 && l.joinedAt);
    const onSurvivor = (await health(ports[1 - doomed]!)).sockets;

    const raw = (await inspect.client.sendCommand(['XRANGE', `${prefix}:log:missed:${labId}`, '-', '+'])) as Array<
      [string, string[]]
    >;
    const logged = raw.map(([offset, fields]) => ({ offset, seq: (JSON.parse(fields[1]!) as { seq: number }).seq }));
    let lost = 0;
    let duplicates = 0;
    for (const l of learners) {
      const got = new Set(l.events.map((e) => e.offset));
      duplicates += l.events.length - got.size;
      const from = l.events[0]?.seq ?? Infinity;
      lost += logged.filter((e) => e.seq >= from && e.seq <= l.lastSeq && !got.has(e.offset)).length;
    }
    return {
      connectMs: back.map((l) => l.connectedAt - killedAt).sort((a, b) => a - b),
      reconnectMs: back.map((l) => l.joinedAt - killedAt).sort((a, b) => a - b),
      nextEventMs: back
        .filter((l) => l.liveAfterJoinAt)
        .map((l) => l.liveAfterJoinAt - killedAt)
        .sort((a, b) => a - b),
      neverBack: CLIENTS - back.length,
      lost,
      duplicates,
      wrongLab: back.filter((l) => l.joins.at(-1)!.labId !== labId).length,
      renamed: back.filter((l) => l.joins.at(-1)!.name !== l.joins[0]!.name).length,
      recovered: back.filter((l) => l.recovered > 0).length,
      moved: learners.filter((l) => l.droppedAt >= killedAt).length,
      onSurvivor,
    };
  } finally {
    for (const l of learners) l.socket.close();
    await nginx?.stop();
    await Promise.all(nodes.map((n) => n.stop()));
    await inspect.close();
  }
}

const fmt = (n: number, d = 0) => (Number.isFinite(n) ? n.toFixed(d) : '–');
function cell(values: number[], d = 0): string {
  const { min, median, max } = spread(values);
  return `${fmt(min, d)} / **${fmt(median, d)}** / ${fmt(max, d)}`;
}

async function main() {
  const load = () =>
    loadavg()
      .map((v) => v.toFixed(1))
      .join(' ');
  process.stdout.write(
    `${machine()}, load average ${load()} at the start\n` +
      `${CLIENTS} clients through nginx (deploy/nginx.conf, ip_hash: all from 127.0.0.1, so all on one node) in ` +
      `one missed-events lab, stream at ${RATE}/s; the node holding them is SIGKILLed. ` +
      `min / **median** / max of ${REPS} repetitions; times in ms from the kill.\n\n`,
  );
  const redis = await startRedis();
  const site = tinySite();
  const setups = STRATEGIES.flatMap((strategy) => TRANSPORTS.map((transport): Setup => ({ transport, strategy })));
  const runs = new Map<string, Run[]>(setups.map((s) => [`${s.transport}, ${s.strategy}`, []]));
  try {
    for (let rep = 0; rep < REPS; rep++) {
      for (const setup of setups) {
        const name = `${setup.transport}, ${setup.strategy}`;
        process.stderr.write(`${name}, repetition ${rep + 1}…\n`);
        runs.get(name)!.push(await once(setup, rep, redis.url, site.dir));
      }
    }
  } finally {
    site.remove();
    await redis.stop();
  }
  const p = (r: Run, q: number) => percentile(r.reconnectMs, q);
  const lines = [
    '| transport, strategy | connected p50 | max | back in lab p50 | p95 | max | next live event p50 | max ' +
      '| never back | lost | duplicates | wrong lab | renamed | recovered |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...[...runs].map(([transport, r]) => {
      const next = (x: Run, q: number) => percentile(x.nextEventMs, q);
      const cells = [
        cell(r.map((x) => percentile(x.connectMs, 50))),
        cell(r.map((x) => percentile(x.connectMs, 100))),
        cell(r.map((x) => p(x, 50))),
        cell(r.map((x) => p(x, 95))),
        cell(r.map((x) => p(x, 100))),
        cell(r.map((x) => next(x, 50))),
        cell(r.map((x) => next(x, 100))),
        ...(['neverBack', 'lost', 'duplicates', 'wrongLab', 'renamed', 'recovered'] as const).map((k) =>
          cell(r.map((x) => x[k])),
        ),
      ];
      return `| ${transport} | ${cells.join(' | ')} |`;
    }),
  ];
  process.stdout.write(lines.join('\n') + '\n\n');
  for (const [transport, r] of runs) {
    process.stdout.write(
      `${transport}: clients the kill disconnected ${r.map((x) => x.moved).join(', ')}; main-path sockets ` +
        `on the survivor afterwards ${r.map((x) => x.onSurvivor).join(', ')}.\n`,
    );
  }
  process.stdout.write(`load average ${load()} at the end\n`);
}

await main();
