// "When a client misses an event" and "Getting missed events back": the server streams numbered events into
// a lab; clients drop, recover, replay from an offset log, or send events up with acknowledgements and retries.
import type { Ack, Empty } from './common.ts';

/** The second Socket.IO server, the one with connectionStateRecovery, listens on this path. */
export const RECOVERY_PATH = '/recovery.io';

/** The stream's rate until a learner changes it (events a second). */
export const MISSED_DEFAULT_RATE = 10;
/** The fastest stream by default (Limits.missedMaxRate; MissedStatus.maxRate says what this server allows). */
export const MISSED_DEFAULT_MAX_RATE = 20;

export interface MissedConfigurePayload {
  running?: boolean;
  /** Events per second, 1 to MissedStatus.maxRate. */
  rate?: number;
  /** Apply the first attempt of each client event but never acknowledge it, as if the ack were lost. */
  dropFirstAck?: boolean;
  /** Remember idempotency keys, so a retried event has its effect once. */
  dedupe?: boolean;
}

export interface MissedSubscribePayload {
  /** Replay what the log holds after this offset ("<ms>-<seq>") before going live; null or absent: live only. */
  afterOffset?: string | null;
}

/** What a lab client may put in its handshake `auth` to be back in its lab before its buffered emits land. */
export interface HandshakeLab {
  labId: string;
  name: string;
  /** The member secret from the last join reply (LabInfo.secret): back under the same name. */
  secret?: string;
}

export interface MissedOrderPayload {
  /** The idempotency key the client chose for this event; a retry carries the same key. */
  key: string;
  /** The client's own number for the event, drawn in its lane. */
  seq: number;
}

export interface StreamEvent {
  /** 1, 2, 3… per lab: the server's own count of what it has sent. */
  seq: number;
  /** Where the event sits in the server's log: keep the last one to ask for what came after. */
  offset: string;
  /** Server clock when it was sent (ms since epoch). */
  sentAt: number;
  /** True when this copy comes from the log on request, not live. */
  replayed?: boolean;
}

export interface MissedStatus {
  running: boolean;
  rate: number;
  /** Events the server has sent into the lab so far (the highest seq). */
  sent: number;
  dropFirstAck: boolean;
  dedupe: boolean;
  maxRate: number;
  /** On the status the server broadcasts after missed:configure: who changed what, so every page can say so. */
  change?: MissedSettingsChange;
}

export interface MissedSettingsChange {
  /** Unique per change: each page's three clients all receive the broadcast, the page logs it once. */
  id: string;
  /** The lab name of the socket that changed it. */
  by: string;
  patch: MissedConfigurePayload;
}

export interface SubscribeResult {
  status: MissedStatus;
  /** How many events were replayed from the log. */
  replayed: number;
  /** True when some events after the offset had already been trimmed from the log: those are gone. */
  truncated: boolean;
}

export interface OrderReceipt {
  key: string;
  /** Which attempt of this key this was, as the server counted them (1 = first). */
  attempt: number;
  /** How many times the effect has now happened for this key. */
  applied: number;
  /** True when the idempotency store recognised a retry and skipped the effect. */
  deduped: boolean;
}

export interface EffectEvent extends OrderReceipt {
  seq: number;
  /** The sender's name in the lab. */
  from: string;
}

export interface MissedClientEvents {
  'missed:configure': (payload: MissedConfigurePayload, ack: Ack<MissedStatus>) => void;
  'missed:subscribe': (payload: MissedSubscribePayload, ack: Ack<SubscribeResult>) => void;
  /** The server closes this socket's transport: an unexpected disconnect, as a network failure would cause. */
  'missed:cut': (payload: Empty, ack: Ack<{ cut: true }>) => void;
  'missed:status': (payload: Empty, ack: Ack<MissedStatus>) => void;
  'missed:order': (payload: MissedOrderPayload, ack: Ack<OrderReceipt>) => void;
}

export interface MissedServerEvents {
  'missed:event': (event: StreamEvent) => void;
  'missed:status': (status: MissedStatus) => void;
  'missed:effect': (effect: EffectEvent) => void;
}
