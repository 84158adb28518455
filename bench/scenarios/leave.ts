// Leave cost: server CPU for one member leaving an N-member lab (the median of `singles` leaves, one at a time),
// then for `many` members leaving at once. Measured from the first CPU reading until the server holds one
// connection fewer (its disconnect handlers have run), plus a quiet pause longer than the demo server's rooms
// window (50 ms), so that a delta sent after the leave is counted too. With `watchers`, the first that many
// members of the demo's lab watch its rooms (they asked for rooms:list); the leavers are never among them.
import type { Rig } from '../harness.ts';
import { cpuMs, spread } from '../stats.ts';
import type { Cpu } from './types.ts';

export interface LeaveResult {
  oneLeaveMs: number;
  manyLeaveMs: number;
}

const FLUSH_PAUSE_MS = 120;

export async function leave(
  rig: Rig,
  members: number,
  singles: number,
  many: number,
  watchers = 0,
): Promise<LeaveResult> {
  await rig.pool.call('connect', { n: members });
  await rig.pool.call('join');
  if (watchers) await rig.pool.call('watch', { n: watchers });
  const once = async (n: number) => {
    const count = await rig.server.call<number>('count');
    const before = await rig.server.call<Cpu>('cpu');
    await rig.pool.call('close', { n });
    await rig.server.call('settle', { max: count - n });
    await new Promise((r) => setTimeout(r, FLUSH_PAUSE_MS));
    return cpuMs(before, await rig.server.call<Cpu>('cpu'));
  };
  const one: number[] = [];
  for (let i = 0; i < singles; i++) one.push(await once(1));
  return { oneLeaveMs: spread(one).median, manyLeaveMs: await once(many) };
}
