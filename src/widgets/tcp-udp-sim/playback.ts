// Moving through time over BOTH runs at once, and the exercise goals the widget can recognise.
// Built on the simulator's nextEventTime/prevEventTime/eventTimes; pure, so tests can step without a DOM.
import {
  eventTimes,
  nextEventTime,
  prevEventTime,
  simulate,
  type Simulation,
  type SimSettings,
} from '../../lib/sim/index.ts';
import { messageStates, type MsgState } from './narrate.ts';
import type { Proto } from './layout.ts';

/** The next moment anything happens in either run; then the end (the last ✕), then null. */
export function nextTime(sim: Simulation, t: number, endMs: number): number | null {
  const candidates = [nextEventTime(sim.tcp, t), nextEventTime(sim.udp, t)].filter((x): x is number => x !== null);
  if (candidates.length) return Math.min(...candidates);
  return t < endMs ? endMs : null;
}

/** The previous moment anything happens in either run, or 0 (the start), or null when already at 0. */
export function prevTime(sim: Simulation, t: number): number | null {
  const candidates = [prevEventTime(sim.tcp, t), prevEventTime(sim.udp, t)].filter((x): x is number => x !== null);
  if (candidates.length) return Math.max(...candidates);
  return t > 0 ? 0 : null;
}

/** Every event time in (from, to], both runs, ascending: what Play passed over in one frame. */
export function timesBetween(sim: Simulation, from: number, to: number): number[] {
  const set = new Set<number>();
  for (const run of [sim.tcp, sim.udp]) for (const x of eventTimes(run)) if (x > from && x <= to) set.add(x);
  return [...set].sort((a, b) => a - b);
}

/** TCP's completion time on the same network with no loss (no random loss, no dropped message). */
export function lossFreeCompletion(s: SimSettings): number | null {
  return simulate({ ...s, loss: 0, dropFirst: [] }).tcp.counters.completionMs;
}

/** How many times longer TCP took than it would have without loss; null if it never finished. */
export function slowdown(sim: Simulation, s: SimSettings): number | null {
  const done = sim.tcp.counters.completionMs;
  const base = lossFreeCompletion(s);
  return done === null || base === null || base === 0 ? null : done / base;
}

/** The minimum slowdown the "loss costs time" exercise asks for, at a loss rate of at least 20 %. */
export const SLOW_FACTOR = 3;

/**
 * Goals the lesson's <Try> exercises wait for, given what is on screen:
 * - `tcpudp:hol`: TCP has messages waiting in the receive buffer at t (head-of-line blocking seen);
 * - `tcpudp:gap`: UDP's application is missing a message that will never come, at t;
 * - `tcpudp:slow`: loss ≥ 20 % and TCP took at least SLOW_FACTOR times its loss-free time.
 */
export function goalsAt(
  sim: Simulation,
  s: SimSettings,
  t: number,
  factor: number | null,
  // The widget passes the strips it has just computed, so a Play frame does not work them out twice.
  states: Record<Proto, MsgState[]> = {
    tcp: messageStates(sim.tcp, 'tcp', t, s.messages, s.latencyMs + s.jitterMs / 2),
    udp: messageStates(sim.udp, 'udp', t, s.messages, s.latencyMs + s.jitterMs / 2),
  },
): string[] {
  const goals: string[] = [];
  if (states.tcp.includes('held')) goals.push('tcpudp:hol');
  if (t >= (sim.udp.counters.completionMs ?? Infinity) && states.udp.includes('missing')) goals.push('tcpudp:gap');
  if (s.loss >= 0.2 && factor !== null && factor >= SLOW_FACTOR) goals.push('tcpudp:slow');
  return goals;
}
