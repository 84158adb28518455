// `npm run bench:attacks`: what a mischievous learner can do to everyone else, measured on one demo server
// (a fresh one per attack, in its own process, default heartbeats). Loopback only, bounded in count and time; it stops by itself.
// 1. Flood: 10 learners' acknowledged round trips (2 a second each), without and with one socket flooding
//    events as fast as it can; interleaved, BENCH_REPS repetitions, ratio of p99 in the same run.
// 2. Stream storm: many missed-events labs streaming at the top rate; heap before, during, 30 s after.
// 3. Slow readers: 60 sockets stop reading while others change rooms in their lab; heap before, during, after.
// BENCH_ONLY (comma-separated: flood, storm, slow) runs only those attacks; BENCH_FLOOD_ACKS=1 floods with acks.
import { withRig } from './harness.ts';
import { machine } from './machine.ts';
import { spawn, type Child } from './rpc.ts';
import { spread } from './stats.ts';

const reps = Number(process.env.BENCH_REPS ?? 3);
const scale = Number(process.env.BENCH_SCALE ?? 1);
const LEARNERS = { n: 10, rate: 2, seconds: 6 };
const STORM_LABS = Math.max(5, Math.round(300 * scale));
const AFTER_S = Number(process.env.BENCH_AFTER_S ?? 30);
const SLOW = { readers: 60, churners: 10, rate: 15, seconds: 10 };
// BENCH_FLOOD_ACKS=1: the flooder asks for an acknowledgement on every packet.
const FLOOD_ACKS = process.env.BENCH_FLOOD_ACKS === '1';
const only = new Set((process.env.BENCH_ONLY ?? 'flood,storm,slow').split(',').map((s) => s.trim()));

const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type Heap = { heapUsed: number; rss: number; external: number };
const mb = (h: Heap) =>
  `heap ${(h.heapUsed / 2 ** 20).toFixed(0)} MB, external ${(h.external / 2 ** 20).toFixed(0)} MB, ` +
  `RSS ${(h.rss / 2 ** 20).toFixed(0)} MB`;
const f = (v: number, digits = 1) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

console.log(`Attack benchmark on ${machine()}.`);
const report: string[] = [];

/** Runs one attack on a fresh demo server (default heartbeats) with two client processes. */
async function attack(fn: (server: Child, learners: Child, attacker: Child) => Promise<void>): Promise<void> {
  await withRig(
    'demo',
    async ({ server, url }) => {
      const learners = spawn('./attack-clients.ts');
      const attacker = spawn('./attack-clients.ts');
      try {
        await learners.call('url', url);
        await attacker.call('url', url);
        await fn(server, learners, attacker);
      } finally {
        await learners.stop();
        await attacker.stop();
      }
    },
    { heartbeat: 'default' },
  );
}

if (only.has('flood'))
  await attack(async (_server, learners, attacker) => {
    type Rtt = { p50: number; p99: number; ok: number; failed: number };

    // 1. Flood, interleaved with quiet runs.
    const quiet: number[] = [];
    const flooded: number[] = [];
    const ratios: number[] = [];
    let floodInfo = '';
    for (let rep = 0; rep < reps; rep++) {
      const q = await learners.call<Rtt>('learners', LEARNERS);
      const [w, fl] = await Promise.all([
        learners.call<Rtt>('learners', LEARNERS),
        // From its own address each repetition (127.0.0.2, .3 …): a flooder that was cut off is cooled off, and the
        // learners are other clients.
        attacker.call<{ sent: number; perSecond: number; cutAfterMs: number | null }>('flood', {
          seconds: LEARNERS.seconds,
          from: `127.0.0.${2 + rep}`,
          acks: FLOOD_ACKS,
        }),
      ]);
      quiet.push(q.p99);
      flooded.push(w.p99);
      ratios.push(w.p99 / q.p99);
      floodInfo =
        `flooder sent ${fl.perSecond.toFixed(0)} packets/s; ` +
        (fl.cutAfterMs === null ? 'never cut off' : `cut off after ${(fl.cutAfterMs / 1000).toFixed(1)} s`);
      log(
        `rep ${rep + 1} flood: p99 ${f(q.p99)} ms quiet vs ${f(w.p99)} ms flooded (${w.failed} failed); ${floodInfo}`,
      );
    }
    const s = (v: number[], d = 1) => {
      const x = spread(v);
      return `${f(x.min, d)} / **${f(x.median, d)}** / ${f(x.max, d)}`;
    };
    report.push('| attack | figure (min / **median** / max) |', '| --- | --- |');
    report.push(`| flood: learners' p99 without flood (ms) | ${s(quiet)} |`);
    report.push(`| flood: learners' p99 during flood (ms) | ${s(flooded)} |`);
    report.push(`| flood: ratio, same repetition | ${s(ratios, 2)} |`);
    report.push(`| flood: the flooder (last repetition${FLOOD_ACKS ? ', acks' : ''}) | ${floodInfo} |`);
  });

if (only.has('storm'))
  await attack(async (server, _learners, attacker) => {
    // 2. Stream storm.
    const before = await server.call<Heap>('heap');
    const storm = await attacker.call<{ started: number; refused: string }>('storm', { labs: STORM_LABS, rate: 1000 });
    await sleep(10_000);
    const during = await server.call<Heap>('heap');
    await attacker.call('closeAll');
    await sleep(AFTER_S * 1000);
    const after = await server.call<Heap>('heap');
    log(`storm: ${storm.started}/${STORM_LABS} streams started${storm.refused ? ` (${storm.refused})` : ''}`);
    report.push(
      `| stream storm: ${storm.started} of ${STORM_LABS} labs streaming at the top rate | before: ${mb(before)} |`,
    );
    report.push(`| stream storm: 10 s in | ${mb(during)} |`);
    report.push(`| stream storm: ${AFTER_S} s after every storm socket left | ${mb(after)} |`);
    // The labs (and their logs, kept so a learner who reloads can replay) expire unsharedLabIdleMs after the
    // last socket left, at the next sweep: only then should the heap be back to where it started.
    const waitStarted = Date.now();
    while ((await server.call<number>('labs')) > 0 && Date.now() - waitStarted < 120_000) await sleep(2000);
    // Features forget an expired lab's stream, log and keys at their own next sweep (sweepIntervalMs, 30 s).
    await sleep(Number(process.env.BENCH_SWEEP_S ?? 35) * 1000);
    const expired = await server.call<Heap>('heap');
    const left = await server.call<number>('labs');
    report.push(`| stream storm: once the idle labs expired and were swept (${left} left) | ${mb(expired)} |`);
  });

if (only.has('slow'))
  await attack(async (server, _learners, attacker) => {
    // 3. Slow readers.
    const base = await server.call<Heap>('heap');
    const slow = await attacker.call<{ changes: number; readersStillConnected: number }>('slowReaders', SLOW);
    const mid = await server.call<Heap>('heap');
    await attacker.call('closeAll');
    await sleep(3000);
    const end = await server.call<Heap>('heap');
    log(`slow readers: ${slow.changes} room changes, ${slow.readersStillConnected} readers still connected`);
    report.push(`| ${SLOW.readers} slow readers: before | ${mb(base)} |`);
    report.push(
      `| slow readers: after ${SLOW.seconds} s of ${slow.changes} room changes ` +
        `(${slow.readersStillConnected} readers still connected) | ${mb(mid)} |`,
    );
    report.push(`| slow readers: 3 s after they left | ${mb(end)} |`);
  });

console.log(`\n${report.join('\n')}\n\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s.`);
