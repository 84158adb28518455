// The wire between client and server: decides each packet's fate (lost or
// arrival time) and records it on the timeline.

import type { Rng } from './rng.ts';
import type { SimSettings } from './settings.ts';
import type { Endpoint, PacketKind, TimelineEvent } from './events.ts';

/**
 * Each endpoint puts at most one packet on the wire per SERIALIZATION_MS, so
 * a burst is drawn as separate lines rather than one overlapping stroke.
 */
export const SERIALIZATION_MS = 2;

export type PacketFields = {
  kind: PacketKind;
  seq?: number;
  ack?: number;
  msg?: number;
  retransmit?: boolean;
  note?: string;
};

export type Link = {
  /** Send no earlier than `t`; returns the recorded event (arriveT null = lost). */
  send(from: Endpoint, t: number, fields: PacketFields): TimelineEvent;
  readonly timeline: TimelineEvent[];
};

export function createLink(rng: Rng, s: SimSettings): Link {
  const timeline: TimelineEvent[] = [];
  const nextFree: Record<Endpoint, number> = { client: 0, server: 0 };
  const forcedDrops = new Set(s.dropFirst ?? []);
  return {
    timeline,
    send(from, t, fields) {
      const sendT = Math.max(t, nextFree[from]);
      nextFree[from] = sendT + SERIALIZATION_MS;
      // Always draw both numbers so each packet consumes the same randomness
      // whatever its fate: fewer surprises when a teacher tweaks one setting.
      const randomLoss = rng.chance(s.loss);
      const delay = s.latencyMs + rng.uniform(0, s.jitterMs);
      const carriesMsg = fields.kind === 'data' || fields.kind === 'datagram';
      let forced = false;
      if (carriesMsg && fields.msg !== undefined && forcedDrops.has(fields.msg)) {
        forcedDrops.delete(fields.msg); // only the first transmission
        forced = true;
      }
      const lost = forced || randomLoss;
      const ev: TimelineEvent = {
        id: timeline.length,
        t: sendT,
        arriveT: lost ? null : sendT + delay,
        from,
        kind: fields.kind,
      };
      if (fields.seq !== undefined) ev.seq = fields.seq;
      if (fields.ack !== undefined) ev.ack = fields.ack;
      if (fields.msg !== undefined) ev.msg = fields.msg;
      if (fields.retransmit) ev.retransmit = true;
      const note = forced ? joinNote(fields.note, 'dropped on purpose (dropFirst)') : fields.note;
      if (note) ev.note = note;
      timeline.push(ev);
      return ev;
    },
  };
}

function joinNote(a: string | undefined, b: string): string {
  return a ? `${a}; ${b}` : b;
}
