// Benchmark: classroom mode with a class of simulated students (real socket.io-client connections, loopback
// only, every wait bounded; the server runs alone in a child process so its CPU and heap are its own).
// 1. Time from "Start a class" to a student's first shared event: class:create, class:teach, two students
//    join, each asks class:lab and lab:join, one broadcasts, until the other receives it (REPS repetitions).
// 2. With STUDENTS joined (a class connection and one widget connection each, all in one class lab): server heap
//    and CPU while idle, during a poll answered by all, and during a round of progress reports.
// Usage: npm run bench:class [-- students=200 reps=5]
import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { spawn } from './rpc.ts';
import { cpuMs, spread, type Spread } from './stats.ts';

const [students = 200, reps = 5] = process.argv.slice(2).map(Number);
const WAIT_MS = 20_000;
const server = spawn('./class-server.ts', [String(students)], ['--expose-gc']);
const { port } = await server.call<{ port: number } & Partial<AddressInfo>>('info');
const url = `http://127.0.0.1:${port}`;
const sockets: Socket[] = [];
type Reply<T> = { ok: true; data: T } | { ok: false; error: string; code: string };

const bounded = <T>(p: Promise<T>, what: string): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what}: no answer`)), WAIT_MS))]);

async function open(opts: Record<string, unknown> = {}): Promise<Socket> {
  const s = io(url, { forceNew: true, transports: ['websocket'], reconnection: false, ...opts });
  sockets.push(s);
  await bounded(new Promise<void>((r) => s.once('connect', () => r())), 'connect');
  return s;
}
async function ask<T>(s: Socket, event: string, payload: unknown): Promise<T> {
  const res = (await s.timeout(WAIT_MS).emitWithAck(event, payload)) as Reply<T>;
  if (!res.ok) throw new Error(`${event}: ${res.error}`);
  return res.data;
}
const classSocket = () => open({ query: { sp: 'class' } });

async function startClass() {
  const teacher = await classSocket();
  const created = await ask<{ code: string; teacherKey: string }>(teacher, 'class:create', { name: 'Bench' });
  await ask(teacher, 'class:teach', { code: created.code, teacherKey: created.teacherKey });
  return { teacher, ...created };
}

/** A student: their class connection (answers polls) and one widget connection in the class lab. */
async function student(code: string, name: string) {
  const cls = await classSocket();
  const { memberToken } = await ask<{ memberToken: string }>(cls, 'class:join', { code, name });
  const widget = await open({ extraHeaders: { cookie: `sp-class=${memberToken}` } });
  const lab = await ask<{ labId: string }>(widget, 'class:lab', {
    code,
    memberToken,
    widgetId: 'emit-sequence',
    kind: 'emit-sequence',
  });
  await ask(widget, 'lab:join', { labId: lab.labId, name });
  return { cls, widget };
}

// ---- 1. start to first shared event ----------------------------------------------------------------------
const firstEvent: number[] = [];
for (let i = 0; i < reps; i++) {
  const t0 = performance.now();
  const { code } = await startClass();
  const [ana, ben] = [await student(code, 'Ana'), await student(code, 'Ben')];
  const arrived = bounded(new Promise<void>((r) => ben.widget.once('emit:message', () => r())), 'first event');
  ana.widget.emit('emit:send', { variant: 'all', text: 'hello class' }, () => {});
  await arrived;
  firstEvent.push(performance.now() - t0);
}

// ---- 2. a class of `students` ------------------------------------------------------------------------------
type Heap = { heapUsed: number; rss: number };
const heap = () => server.call<Heap>('heap');
const cpu = () => server.call<NodeJS.CpuUsage>('cpu');
const rows: Array<[string, string, string]> = [];
const mb = (h: Heap) => `${(h.heapUsed / 2 ** 20).toFixed(1)} MB heap, ${(h.rss / 2 ** 20).toFixed(0)} MB RSS`;

const before = await heap();
rows.push(['server before the class', mb(before), '–']);
const { teacher, code, teacherKey } = await startClass();
const joinStart = await cpu();
const t = performance.now();
const roster: Array<{ cls: Socket; widget: Socket }> = [];
for (let i = 0; i < students; i += 20) {
  const batch = Array.from({ length: Math.min(20, students - i) }, (_, j) => student(code, `S${i + j + 1}`));
  roster.push(...(await Promise.all(batch)));
}
const joinMs = performance.now() - t;
const joinCpu = cpuMs(joinStart, await cpu());
const joined = await heap();
const perStudent = ((joined.heapUsed - before.heapUsed) / students / 1024).toFixed(1);
rows.push([
  `${students} students joined (2 connections each)`,
  `${mb(joined)} (${perStudent} KB a student)`,
  `${joinCpu.toFixed(0)} ms for all joins (${joinMs.toFixed(0)} ms wall)`,
]);

const idleStart = await cpu();
await new Promise((r) => setTimeout(r, 2000));
rows.push(['idle class, 2 s', '–', `${cpuMs(idleStart, await cpu()).toFixed(1)} ms`]);

// A poll: a broadcast with acknowledgements to every student, each answers; done when the tally shows all.
for (const { cls } of roster) {
  cls.on('class:asked', (asked: { pollId: string }, ack?: (b: boolean) => void) => {
    ack?.(true);
    cls.emit('class:answer', { pollId: asked.pollId, choice: Math.floor(Math.random() * 3) }, () => {});
  });
}
const allAnswered = bounded(
  new Promise<void>((r) => {
    const f = (tally: { answered: number }) => tally.answered >= students && (teacher.off('class:tally', f), r());
    teacher.on('class:tally', f);
  }),
  'poll',
);
const pollStart = await cpu();
const pollT = performance.now();
await ask(teacher, 'class:poll', {
  code,
  teacherKey,
  checkId: 'emitting-events-1',
  choices: 3,
  question: 'Who receives socket.emit?',
  labels: ['Alice only', 'Everyone', 'Everyone but Alice'],
  correct: 0,
});
await allAnswered;
const pollMs = performance.now() - pollT;
const pollCpu = cpuMs(pollStart, await cpu());
rows.push([
  `a poll answered by all ${students}`,
  mb(await heap()),
  `${pollCpu.toFixed(0)} ms (${pollMs.toFixed(0)} ms wall)`,
]);

// Progress: every student reports one lesson (three checks, one exercise), all at once.
const progressStart = await cpu();
const progressT = performance.now();
await Promise.all(
  roster.map(({ cls }) =>
    ask(cls, 'class:progress', { lesson: 'emitting-events', checks: ['c1', 'c2', 'c3'], tries: ['t1'] }),
  ),
);
const progressMs = performance.now() - progressT;
const progressCpu = cpuMs(progressStart, await cpu());
rows.push([
  `${students} progress reports at once`,
  mb(await heap()),
  `${progressCpu.toFixed(0)} ms (${progressMs.toFixed(0)} ms wall)`,
]);

const fmt = (s: Spread) => `${s.min.toFixed(0)} / **${s.median.toFixed(0)}** / ${s.max.toFixed(0)} ms`;
console.log(
  `\nStart a class → a student's first shared event (min / median / max of ${reps}): ${fmt(spread(firstEvent))}\n`,
);
console.log('| with the class | server memory (after GC) | server CPU |');
console.log('| --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);

for (const s of sockets) s.disconnect();
await server.stop();
