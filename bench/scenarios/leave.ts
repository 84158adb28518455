// Leave cost: server CPU for one member leaving an N-member lab (the median of `singles` leaves, one at a time),
// then for `many` members leaving at once. Measured from the first CPU reading until the server holds one
// connection fewer (its disconnect handlers have run).
import type { Rig } from '../harness.ts';
import { cpuMs, spread } from '../stats.ts';
import type { Cpu } from './types.ts';

export interface LeaveResult {
  oneLeaveMs: number;
  manyLeaveMs: number;
}

export async function leave(rig: Rig, members: number, singles: number, many: number): Promise<LeaveResult> {
  await rig.pool.call('connect', { n: members });
  await rig.pool.call('join');
  const once = async (n: number) => {
    const count = await rig.server.call<number>('count');
    const before = await rig.server.call<Cpu>('cpu');
    await rig.pool.call('close', { n });
    await rig.server.call('settle', { max: count - n });
    return cpuMs(before, await rig.server.call<Cpu>('cpu'));
  };
  const one: number[] = [];
  for (let i = 0; i < singles; i++) one.push(await once(1));
  return { oneLeaveMs: spread(one).median, manyLeaveMs: await once(many) };
}
