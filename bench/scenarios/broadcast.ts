// Broadcast: N clients in one lab (demo: lab:create/lab:join, then emit:send "all"), one of them sending
// `rate` a second. Server CPU per send comes from the server process's own cpuUsage.
import type { Rig } from '../harness.ts';
import { cpuMs } from '../stats.ts';
import type { Cpu } from './types.ts';

export interface BroadcastResult {
  deliveredPct: number;
  p50: number;
  p99: number;
  cpuPerSendMs: number;
}

export async function broadcast(rig: Rig, clients: number, rate: number, seconds: number): Promise<BroadcastResult> {
  await rig.pool.call('connect', { n: clients });
  await rig.pool.call('join');
  const before = await rig.server.call<Cpu>('cpu');
  const r = await rig.pool.call<{ sent: number; delivered: number; expected: number; p50: number; p99: number }>(
    'broadcast',
    { rate, seconds },
  );
  const after = await rig.server.call<Cpu>('cpu');
  return {
    deliveredPct: (100 * r.delivered) / r.expected,
    p50: r.p50,
    p99: r.p99,
    cpuPerSendMs: cpuMs(before, after) / r.sent,
  };
}
