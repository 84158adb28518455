// `npm run bench`: the demo server against a plain Socket.IO server and a raw ws server, all started here,
// each in its own process, with clients in a process of their own. Scenarios run interleaved (every
// repetition runs every server, in a rotated order) and print min / median / max of the repetitions and the
// ratios to plain Socket.IO and ws. Loopback only, bounded in count and time; it stops by itself.
// BENCH_REPS (default 3) and BENCH_SCALE (default 1; 0.1 for a quick smoke run) shrink it; BENCH_ONLY
// (comma-separated: broadcast, heap, leave) runs only those scenarios.
import { KINDS, withRig } from './harness.ts';
import { machine } from './machine.ts';
import { broadcast } from './scenarios/broadcast.ts';
import { heapAndConnect } from './scenarios/heap.ts';
import { held, type HeldResult } from './scenarios/held.ts';
import { leave } from './scenarios/leave.ts';
import { emptySamples, table, type Samples } from './table.ts';

const reps = Number(process.env.BENCH_REPS ?? 3);
const scale = Number(process.env.BENCH_SCALE ?? 1);
const n = (count: number) => Math.max(10, Math.round(count * scale));
const BROADCAST = { clients: n(1000), rate: 10, seconds: 3 };
const HEAP = { low: n(1000), high: n(5000) };
const LEAVE = { members: n(1000), singles: 10, many: n(500) };
const only = new Set((process.env.BENCH_ONLY ?? 'broadcast,heap,leave').split(',').map((s) => s.trim()));
const HELD = n(10_000);

const metrics = {
  delivered: 'broadcast: delivered %',
  p50: 'broadcast: p50 latency (ms)',
  p99: 'broadcast: p99 latency (ms)',
  cpuSend: 'broadcast: server CPU per send (ms)',
  heap: 'heap per idle connection (KB)',
  connect: 'connect rate (connections/s)',
  leaveOne: `one leave from a ${LEAVE.members}-member lab: server CPU (ms)`,
  leaveMany: `${LEAVE.many} leaving at once: server CPU (ms)`,
  leaveWatched: `one leave, all ${LEAVE.members} watching the rooms view: server CPU (ms)`,
};
const samples = Object.fromEntries(Object.keys(metrics).map((k) => [k, emptySamples()])) as Record<
  keyof typeof metrics,
  Samples
>;

const heldBy = new Map<string, HeldResult & { raised: Record<string, number> }>();
const started = Date.now();
const log = (line: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${line}`);
console.log(`Benchmark on ${machine()}; ${reps} repetitions, interleaved.`);

for (let rep = 0; rep < reps; rep++) {
  // Rotate the order each repetition, so no server always runs first (warm caches, a quieter machine).
  const order = KINDS.map((_, i) => KINDS[(i + rep) % KINDS.length]);
  for (const kind of only.has('broadcast') ? order : []) {
    const b = await withRig(kind, (rig) => broadcast(rig, BROADCAST.clients, BROADCAST.rate, BROADCAST.seconds));
    samples.delivered[kind].push(b.deliveredPct);
    samples.p50[kind].push(b.p50);
    samples.p99[kind].push(b.p99);
    samples.cpuSend[kind].push(b.cpuPerSendMs);
    log(`rep ${rep + 1} ${kind} broadcast: ${b.deliveredPct.toFixed(2)}% p99 ${b.p99.toFixed(1)} ms`);
  }
  for (const kind of only.has('heap') ? order : []) {
    const h = await withRig(kind, async (rig) => {
      const result = await heapAndConnect(rig, HEAP.low, HEAP.high);
      // The first repetition goes on to hold HELD connections (one repetition: opening 10,000 three times per
      // server would double the run).
      if (rep === 0) heldBy.set(kind, { ...(await held(rig, HELD)), raised: rig.raised });
      return result;
    });
    samples.heap[kind].push(h.heapPerConnectionKB);
    samples.connect[kind].push(h.connectsPerSecond);
    log(
      `rep ${rep + 1} ${kind} heap: ${h.heapPerConnectionKB.toFixed(2)} KB/conn, ${h.connectsPerSecond.toFixed(0)} conn/s`,
    );
  }
  for (const kind of only.has('leave') ? order : []) {
    const l = await withRig(kind, (rig) => leave(rig, LEAVE.members, LEAVE.singles, LEAVE.many));
    samples.leaveOne[kind].push(l.oneLeaveMs);
    samples.leaveMany[kind].push(l.manyLeaveMs);
    log(
      `rep ${rep + 1} ${kind} leave: one ${l.oneLeaveMs.toFixed(2)} ms, ${LEAVE.many} ${l.manyLeaveMs.toFixed(0)} ms`,
    );
    // The worst case for deltas: every member's page displays the rooms (plain and ws have no such view).
    const w = await withRig(kind, (rig) => leave(rig, LEAVE.members, LEAVE.singles, 1, LEAVE.members));
    samples.leaveWatched[kind].push(w.oneLeaveMs);
    log(`rep ${rep + 1} ${kind} leave, all watching: one ${w.oneLeaveMs.toFixed(2)} ms`);
  }
}

const heldLines = [...heldBy].map(([kind, h]) => {
  const raised = Object.entries(h.raised)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
  return `| ${kind} | ${h.connected} | ${h.seconds.toFixed(1)} | ${h.rssMB.toFixed(0)} | ${h.heapMB.toFixed(0)} | ${raised || '–'} |`;
});

console.log(
  `\n${table(Object.entries(metrics).map(([k, metric]) => ({ metric, samples: samples[k as keyof typeof metrics] })))}`,
);
console.log(`\n${HELD} connections held on one node (one repetition; limits raised for the single test address):\n`);
console.log(
  `| server | connected | seconds to connect (beyond the first ${HEAP.high}) | RSS (MB) | heap (MB) | limits raised |`,
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const line of heldLines) console.log(line);
console.log(
  `\nBroadcast: ${BROADCAST.clients} clients, ${BROADCAST.rate} sends/s for ${BROADCAST.seconds} s. Heap: slope ` +
    `${HEAP.low}→${HEAP.high} idle sockets after forced GC. Total ${((Date.now() - started) / 1000).toFixed(0)} s.`,
);
