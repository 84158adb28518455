// Where everything goes on the timeline: two protocols side by side, each with a client lane, a server lane
// and the receiving application's column; time flows down. Pure geometry from (simulation, width), so it is
// unit-tested and the view only has to draw it. The view reveals the picture up to time t with one clip
// rectangle (y ≤ y(t)), so nothing here depends on t and a 200-message run is laid out once per settings.
import {
  endTime,
  type PacketKind,
  type RunResult,
  type Simulation,
  type SimSettings,
  type TimelineEvent,
} from '../../lib/sim/index.ts';

export type Proto = 'tcp' | 'udp';
export const PROTOS: readonly Proto[] = ['tcp', 'udp'];

export const TOP = 14; // a little air above t = 0 (the lane headings live in their own strip above)
const BOTTOM = 24;
/** One average one-way trip gets this many pixels, so a round trip reads at a glance. */
const TRIP_PX = 80;
/** Tall runs are squeezed to this height (the diagram scrolls); beyond it lines would merge anyway. */
export const MAX_HEIGHT = 9000;
/** Labels closer than this (px) to the previous one on the same side are left out (culling for big runs). */
export const LABEL_GAP = 12;

export type Lanes = { client: number; server: number; app: number; left: number; right: number };

export type PacketMark = {
  proto: Proto;
  id: number;
  kind: PacketKind;
  from: 'client' | 'server';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  lost: boolean;
  retransmit: boolean;
  /** Short text for the line, or null when culled to keep labels readable. */
  label: string | null;
  seq?: number;
  ack?: number;
  msg?: number;
};

export type DeliveryMark = { proto: Proto; msg: number; x: number; y: number; inOrder: boolean; label: string | null };

/** A segment that sat in TCP's receive buffer from its arrival (y1) until the gap before it filled (y2). */
export type HoldMark = { proto: Proto; msg: number; x: number; y1: number; y2: number };

export type Layout = {
  width: number;
  height: number;
  pxPerMs: number;
  lanes: Record<Proto, Lanes>;
  packets: PacketMark[];
  deliveries: DeliveryMark[];
  holds: HoldMark[];
  /** Last moment of either run, including the last ✕ of a lost packet; the scrubber's end. */
  endMs: number;
};

export const yOf = (layout: Pick<Layout, 'pxPerMs'>, t: number): number => TOP + t * layout.pxPerMs;

/** Lane positions inside one protocol's half of the width. */
export function lanesFor(proto: Proto, width: number): Lanes {
  const gap = Math.max(10, width * 0.03);
  const half = (width - gap) / 2;
  const left = proto === 'tcp' ? 0 : half + gap;
  return {
    left,
    right: left + half,
    client: left + half * 0.1,
    server: left + half * 0.64,
    app: left + half * 0.86,
  };
}

/** Pixels per millisecond: a fixed size for one trip, unless the run would be taller than MAX_HEIGHT. */
export function scaleFor(settings: SimSettings, endMs: number): number {
  const trip = Math.max(5, settings.latencyMs + settings.jitterMs / 2);
  const natural = TRIP_PX / trip;
  const room = MAX_HEIGHT - TOP - BOTTOM;
  return endMs * natural > room ? room / endMs : natural;
}

export function packetLabel(ev: Pick<TimelineEvent, 'kind' | 'seq' | 'ack' | 'retransmit'>): string {
  const re = ev.retransmit ? ' (resent)' : '';
  switch (ev.kind) {
    case 'syn':
      return `SYN${re}`;
    case 'synack':
      return `SYN-ACK${re}`;
    case 'fin':
      return `FIN${re}`;
    case 'finack':
      return `FIN-ACK${re}`;
    case 'ack':
      return `ACK ${ev.ack}${re}`;
    case 'dupack':
      return `ACK ${ev.ack} (dup)`;
    case 'data':
      return `seg ${ev.seq}${re}`;
    case 'datagram':
      return `dgram ${ev.seq}`;
  }
}

function layoutPackets(proto: Proto, run: RunResult, lanes: Lanes, pxPerMs: number, tripMs: number): PacketMark[] {
  const lastLabelY = { client: -Infinity, server: -Infinity };
  return run.timeline.map((ev) => {
    const fromX = ev.from === 'client' ? lanes.client : lanes.server;
    const toX = ev.from === 'client' ? lanes.server : lanes.client;
    const y1 = TOP + ev.t * pxPerMs;
    // A lost packet stops halfway across, where its ✕ is drawn, half an average trip after it left.
    const lost = ev.arriveT === null;
    const x2 = lost ? (fromX + toX) / 2 : toX;
    const y2 = TOP + (lost ? ev.t + tripMs / 2 : (ev.arriveT as number)) * pxPerMs;
    let label: string | null = null;
    const important =
      lost || ev.retransmit === true || (ev.kind !== 'data' && ev.kind !== 'ack' && ev.kind !== 'datagram');
    if (y1 - lastLabelY[ev.from] >= LABEL_GAP || (important && y1 - lastLabelY[ev.from] >= LABEL_GAP / 2)) {
      label = packetLabel(ev);
      lastLabelY[ev.from] = y1;
    }
    const mark: PacketMark = {
      proto,
      id: ev.id,
      kind: ev.kind,
      from: ev.from,
      x1: fromX,
      y1,
      x2,
      y2,
      lost,
      retransmit: ev.retransmit === true,
      label,
    };
    if (ev.seq !== undefined) mark.seq = ev.seq;
    if (ev.ack !== undefined) mark.ack = ev.ack;
    if (ev.msg !== undefined) mark.msg = ev.msg;
    return mark;
  });
}

function layoutApp(
  proto: Proto,
  run: RunResult,
  lanes: Lanes,
  pxPerMs: number,
): { deliveries: DeliveryMark[]; holds: HoldMark[] } {
  const deliveries: DeliveryMark[] = [];
  const holds: HoldMark[] = [];
  let lastLabelY = -Infinity;
  let stack = 0;
  let stackY = NaN;
  for (const d of run.app) {
    const y = TOP + d.t * pxPerMs;
    let label: string | null = null;
    if (y - lastLabelY >= LABEL_GAP) {
      label = String(d.msg);
      lastLabelY = y;
    }
    deliveries.push({ proto, msg: d.msg, x: lanes.app, y, inOrder: d.inOrder, label });
    if (d.waitedMs !== undefined) {
      // Segments released together share an end; fan their bars out so each one shows.
      stack = y === stackY ? stack + 1 : 0;
      stackY = y;
      holds.push({
        proto,
        msg: d.msg,
        x: lanes.app - 9 - (stack % 4) * 5,
        y1: TOP + (d.t - d.waitedMs) * pxPerMs,
        y2: y,
      });
    }
  }
  return { deliveries, holds };
}

export function layoutSimulation(sim: Simulation, settings: SimSettings, width: number): Layout {
  const tripMs = settings.latencyMs + settings.jitterMs / 2;
  let endMs = Math.max(endTime(sim.tcp), endTime(sim.udp));
  for (const proto of PROTOS)
    for (const ev of sim[proto].timeline) if (ev.arriveT === null) endMs = Math.max(endMs, ev.t + tripMs / 2);
  const pxPerMs = scaleFor(settings, endMs);
  const lanes = { tcp: lanesFor('tcp', width), udp: lanesFor('udp', width) };
  const packets: PacketMark[] = [];
  const deliveries: DeliveryMark[] = [];
  const holds: HoldMark[] = [];
  for (const proto of PROTOS) {
    packets.push(...layoutPackets(proto, sim[proto], lanes[proto], pxPerMs, tripMs));
    const app = layoutApp(proto, sim[proto], lanes[proto], pxPerMs);
    deliveries.push(...app.deliveries);
    holds.push(...app.holds);
  }
  return {
    width,
    height: Math.ceil(TOP + endMs * pxPerMs + BOTTOM),
    pxPerMs,
    lanes,
    packets,
    deliveries,
    holds,
    endMs,
  };
}
