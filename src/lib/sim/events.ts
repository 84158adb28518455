// Shared result types: what the simulator records and the widget draws.

export type Endpoint = 'client' | 'server';

export type PacketKind = 'syn' | 'synack' | 'ack' | 'data' | 'dupack' | 'fin' | 'finack' | 'datagram';

/**
 * One packet on the wire. Drawn as a sloped line from the sender at `t` to
 * the receiver at `arriveT`, or as an X when `arriveT` is null (lost).
 */
export type TimelineEvent = {
  id: number;
  t: number;
  arriveT: number | null;
  from: Endpoint;
  kind: PacketKind;
  seq?: number;
  ack?: number;
  msg?: number;
  retransmit?: boolean;
  note?: string;
};

/** A message handed to the receiving application. */
export type AppDelivery = {
  msg: number;
  t: number;
  /** True when msg is larger than every message delivered before it. */
  inOrder: boolean;
  /** Time held in the receive buffer behind a gap (head-of-line blocking). */
  waitedMs?: number;
};

export type Counters = {
  /** Data-carrying packets put on the wire (TCP data incl. retransmits, UDP datagrams). */
  sent: number;
  /** Distinct messages handed to the application. */
  delivered: number;
  /** Deliveries with inOrder = true. */
  inOrder: number;
  /** Packets of any kind marked as retransmissions. */
  retransmitted: number;
  /** Duplicate ACKs put on the wire by the receiver. */
  dupAcks: number;
  /** Packets of any kind, either direction, lost on the wire. */
  lost: number;
  /** TCP: when the connection closed; UDP: last arrival; null if not completed. */
  completionMs: number | null;
  /** Distinct messages delivered per second, from t = 0 to the last delivery. */
  goodputMsgsPerSec: number;
};

export type RunResult = {
  timeline: TimelineEvent[];
  app: AppDelivery[];
  counters: Counters;
  /** TCP: every message delivered and connection closed. UDP: every datagram sent. */
  completed: boolean;
};
