// Entry point: the same message stream over TCP and over UDP, side by side.

import { normalizeSettings } from './settings.ts';
import type { SimSettings } from './settings.ts';
import { simulateTcp } from './tcp.ts';
import { simulateUdp } from './udp.ts';
import type { RunResult } from './events.ts';
import type { RunOptions } from './options.ts';

export type Simulation = { tcp: RunResult; udp: RunResult };

/** Pure: same settings (and options) always give deep-equal results. */
export function simulate(settings: Partial<SimSettings>, opts: RunOptions = {}): Simulation {
  const s = normalizeSettings(settings);
  return { tcp: simulateTcp(s, opts), udp: simulateUdp(s) };
}
