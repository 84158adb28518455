// Many connections held on one node: how long they take to open, and what the server holds once they are open.
import type { Rig } from '../harness.ts';

export interface HeldResult {
  connected: number;
  seconds: number;
  rssMB: number;
  heapMB: number;
}

export async function held(rig: Rig, n: number): Promise<HeldResult> {
  const ms = await rig.pool.call<number>('connect', { n, concurrency: 200 });
  const m = await rig.server.call<{ heapUsed: number; rss: number }>('heap');
  return { connected: await rig.server.call<number>('count'), seconds: ms / 1000, rssMB: m.rss / 2 ** 20, heapMB: m.heapUsed / 2 ** 20 };
}
