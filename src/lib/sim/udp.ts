// UDP: each message is one datagram, sent back to back. No set-up, no ACK,
// no retransmission: the app gets whatever arrives, in arrival order, so
// losses show up as gaps and jitter as reordering.

import { createRng } from './rng.ts';
import { createLink } from './link.ts';
import { countRun } from './counters.ts';
import type { SimSettings } from './settings.ts';
import type { AppDelivery, RunResult } from './events.ts';

export function simulateUdp(s: SimSettings): RunResult {
  const link = createLink(createRng(s.seed), s);
  for (let msg = 1; msg <= s.messages; msg++) {
    link.send('client', 0, { kind: 'datagram', seq: msg, msg });
  }
  const timeline = link.timeline;
  // Arrival order, ties broken by send order (same rule as the event queue).
  const arrived = timeline
    .filter((ev) => ev.arriveT !== null)
    .sort((a, b) => (a.arriveT as number) - (b.arriveT as number) || a.id - b.id);
  const app: AppDelivery[] = [];
  let highest = 0;
  for (const ev of arrived) {
    const msg = ev.msg as number;
    app.push({ msg, t: ev.arriveT as number, inOrder: msg > highest });
    highest = Math.max(highest, msg);
  }
  // UDP is "done" once the last datagram has landed or vanished: the sender
  // never learns which ones were lost.
  const lastT = timeline.reduce((m, ev) => Math.max(m, ev.arriveT ?? ev.t), 0);
  return { timeline, app, counters: countRun(timeline, app, lastT), completed: true };
}
