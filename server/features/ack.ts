// ack:job — the server counts how many times its handler ran for each job, tells the lab at once (ack:handled),
// then waits the delay the learner chose before calling the acknowledgement. A client whose timeout is shorter
// gives up first; with `retries` it sends the job again and the handler really runs a second time.
import { ackSchemas } from '../schemas/ack.ts';
import type { Feature, FeatureContext } from '../feature.ts';
import { labRoom } from '../labs.ts';
import { requireLab } from './require-lab.ts';

/** Runs per job, per lab; bounded (oldest jobs forgotten first) and dropped with the lab. */
export class RunCounter {
  private readonly runs = new Map<string, Map<string, number>>();
  private readonly perLab: number;
  private readonly labExists: (labId: string) => boolean;

  constructor(perLab: number, labExists: (labId: string) => boolean) {
    this.perLab = perLab;
    this.labExists = labExists;
  }

  /** Counts one more run of `ref` in `labId` and returns the run number (1 = first time). */
  count(labId: string, ref: string): number {
    let lab = this.runs.get(labId);
    if (!lab) {
      for (const id of this.runs.keys()) if (!this.labExists(id)) this.runs.delete(id);
      lab = new Map();
      this.runs.set(labId, lab);
    }
    const run = (lab.get(ref) ?? 0) + 1;
    lab.delete(ref); // re-insert: Map order is then "least recently run first"
    lab.set(ref, run);
    while (lab.size > this.perLab) lab.delete(lab.keys().next().value!);
    return run;
  }

  get labs(): number {
    return this.runs.size;
  }
}

function waitFor(ms: number, timers: Set<ReturnType<typeof setTimeout>>): Promise<void> {
  if (ms === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      resolve();
    }, ms);
    timers.add(timer);
  });
}

interface AckState {
  runs: RunCounter;
  timers: Set<ReturnType<typeof setTimeout>>;
}
// One state per demo server (tests run several in one process), keyed by its Socket.IO server.
const states = new WeakMap<object, AckState>();

function setup(ctx: FeatureContext): void {
  const state: AckState = {
    runs: new RunCounter(ctx.limits.historyPerLab, (id) => ctx.labs.get(id) !== undefined),
    timers: new Set(),
  };
  states.set(ctx.io, state);
  ctx.onClose(() => {
    for (const t of state.timers) clearTimeout(t);
    state.timers.clear();
  });
}

export const ackFeature: Feature = {
  name: 'ack',
  setup,
  events(ctx) {
    const { runs, timers } = states.get(ctx.io)!;
    return {
      'ack:job': {
        schema: ackSchemas(ctx.limits).job,
        async fn(socket, { ref, delayMs, slow }) {
          const labId = requireLab(socket);
          const run = runs.count(labId, ref);
          const wait = slow === 'first' && run > 1 ? 0 : delayMs;
          // Tell the lab now: the handler is running, whatever becomes of its acknowledgement.
          ctx.io.to(labRoom(labId)).emit('ack:handled', { ref, run, from: socket.data.name ?? '?', delayMs: wait });
          await waitFor(wait, timers);
          return { ref, run, waitedMs: wait };
        },
      },
    };
  },
};
