// Summary numbers derived from a finished run, computed the same way for TCP
// and UDP so the two columns of the widget are comparable.

import type { AppDelivery, Counters, TimelineEvent } from './events.ts';

export function countRun(
  timeline: readonly TimelineEvent[],
  app: readonly AppDelivery[],
  completionMs: number | null,
): Counters {
  let sent = 0;
  let retransmitted = 0;
  let dupAcks = 0;
  let lost = 0;
  for (const ev of timeline) {
    if (ev.kind === 'data' || ev.kind === 'datagram') sent++;
    if (ev.retransmit) retransmitted++;
    if (ev.kind === 'dupack') dupAcks++;
    if (ev.arriveT === null) lost++;
  }
  const lastDelivery = app.reduce((m, d) => Math.max(m, d.t), 0);
  return {
    sent,
    delivered: new Set(app.map((d) => d.msg)).size,
    inOrder: app.filter((d) => d.inOrder).length,
    retransmitted,
    dupAcks,
    lost,
    completionMs,
    goodputMsgsPerSec: lastDelivery > 0 ? app.length / (lastDelivery / 1000) : 0,
  };
}
