// Numbers into words for the counters table and the application strips. Pure, unit-tested.
import type { Simulation, SimSettings } from '../../lib/sim/index.ts';
import type { Proto } from './layout.ts';
import { ms, type MsgState } from './narrate.ts';

export type CounterCells = Record<
  'delivered' | 'inOrder' | 'retransmitted' | 'lost' | 'completion' | 'goodput',
  string
>;

export function formatCounters(sim: Simulation, s: SimSettings): Record<Proto, CounterCells> {
  const cells = (proto: Proto): CounterCells => {
    const c = sim[proto].counters;
    // UDP's run ends when its last datagram lands or vanishes; with nothing delivered there is no "last arrival".
    const completion =
      c.completionMs === null
        ? 'did not finish (60 s cap)'
        : proto === 'udp'
          ? c.delivered === 0
            ? 'nothing arrived'
            : `${ms(c.completionMs)} (last arrival)`
          : `${ms(c.completionMs)} (closed)`;
    return {
      delivered: `${c.delivered} of ${s.messages}`,
      inOrder: `${c.inOrder} of ${c.delivered}`,
      retransmitted: String(c.retransmitted),
      lost: String(c.lost),
      completion,
      goodput: `${c.goodputMsgsPerSec.toFixed(1)} msg/s`,
    };
  };
  return { tcp: cells('tcp'), udp: cells('udp') };
}

const count = (states: MsgState[], s: MsgState) => states.filter((x) => x === s).length;

/** One line over a strip: how many the app has, and what is held, late or missing. */
export function describeStrip(proto: Proto, states: MsgState[]): string {
  const got = count(states, 'received') + count(states, 'late');
  const parts = [`has ${got} of ${states.length}`];
  const held = count(states, 'held');
  if (held) parts.push(`${held} waiting in the receive buffer behind a gap`);
  const late = count(states, 'late');
  if (late) parts.push(`${late} out of order`);
  const missing = count(states, 'missing');
  if (missing) parts.push(`${missing} lost for good`);
  return `The ${proto.toUpperCase()} app ${parts.join(', ')}.`;
}
