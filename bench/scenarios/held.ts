// Many connections held on one node: open more until `n` are held; how long that took, what the server holds.
import type { Rig } from '../harness.ts';

export interface HeldResult {
  connected: number;
  /** Seconds to open the connections beyond those already open. */
  seconds: number;
  rssMB: number;
  heapMB: number;
}

export async function held(rig: Rig, n: number): Promise<HeldResult> {
  const open = await rig.pool.call<number>('count');
  const ms = await rig.pool.call<number>('connect', { n: n - open, concurrency: 200 });
  const m = await rig.server.call<{ heapUsed: number; rss: number }>('heap');
  return {
    connected: await rig.server.call<number>('count'),
    seconds: ms / 1000,
    rssMB: m.rss / 2 ** 20,
    heapMB: m.heapUsed / 2 ** 20,
  };
}
