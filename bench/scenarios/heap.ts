// Heap per idle connection and connect rate: open `low` connections, weigh the heap after forced collections,
// open up to `high`, weigh again. The slope between the two is the cost of one more idle socket; the second
// batch's handshakes per second is the connect rate.
import type { Rig } from '../harness.ts';

export interface HeapResult {
  heapPerConnectionKB: number;
  connectsPerSecond: number;
}

export async function heapAndConnect(rig: Rig, low: number, high: number): Promise<HeapResult> {
  await rig.pool.call('connect', { n: low });
  const a = await rig.server.call<{ heapUsed: number }>('heap');
  const ms = await rig.pool.call<number>('connect', { n: high - low });
  const b = await rig.server.call<{ heapUsed: number }>('heap');
  return {
    heapPerConnectionKB: (b.heapUsed - a.heapUsed) / (high - low) / 1024,
    connectsPerSecond: (high - low) / (ms / 1000),
  };
}
