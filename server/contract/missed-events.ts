// "When a client misses an event" and "Getting missed events back": the server streams numbered events into
// a lab; clients drop, recover, replay from an offset log, or send events up with acknowledgements and retries.
import { z } from 'zod';
import { DEFAULT_LIMITS } from '../config.ts';
import { ClientNameSchema, LabIdSchema, type Ack } from './common.ts';

/** The second Socket.IO server, the one with connectionStateRecovery, listens on this path. */
export const RECOVERY_PATH = '/recovery.io';

/** A log offset as the offset log issues them ("<ms>-<seq>", like a Redis stream id). */
export const OffsetSchema = z.string().regex(/^\d{1,16}-\d{1,9}$/, 'an offset looks like 1700000000000-0');

export const MissedConfigureSchema = z
  .object({
    running: z.boolean().optional(),
    /** Events per second; the server's limit is Limits.missedMaxRate (checked again in the handler). */
    rate: z.number().int('the rate is a whole number of events a second').min(1, 'the rate is at least 1 a second').max(1000).optional(),
    /** Apply the first attempt of each client event but never acknowledge it, as if the ack were lost. */
    dropFirstAck: z.boolean().optional(),
    /** Remember idempotency keys, so a retried event has its effect once. */
    dedupe: z.boolean().optional(),
  })
  .strict();

export const MissedSubscribeSchema = z
  .object({
    /** Replay what the log holds after this offset before going live; null or absent: live only. */
    afterOffset: OffsetSchema.nullable().optional(),
  })
  .strict();

/** What a lab client may put in its handshake `auth` to be back in its lab before its buffered emits land. */
export const HandshakeLabSchema = z.object({ labId: LabIdSchema, name: ClientNameSchema });

export const MissedCutSchema = z.object({}).strict();
export const MissedStatusSchema = z.object({}).strict();

export const MissedOrderSchema = z
  .object({
    /** The idempotency key the client chose for this event; a retry carries the same key. */
    key: z.string().regex(/^[A-Za-z0-9_-]{1,48}$/, 'a key is up to 48 letters, digits, - or _'),
    /** The client's own number for the event, drawn in its lane. */
    seq: z.number().int().min(1).max(1_000_000),
  })
  .strict();

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
  'missed:configure': (payload: z.input<typeof MissedConfigureSchema>, ack: Ack<MissedStatus>) => void;
  'missed:subscribe': (payload: z.input<typeof MissedSubscribeSchema>, ack: Ack<SubscribeResult>) => void;
  /** The server closes this socket's transport: an unexpected disconnect, as a network failure would cause. */
  'missed:cut': (payload: z.input<typeof MissedCutSchema>, ack: Ack<{ cut: true }>) => void;
  'missed:status': (payload: z.input<typeof MissedStatusSchema>, ack: Ack<MissedStatus>) => void;
  'missed:order': (payload: z.input<typeof MissedOrderSchema>, ack: Ack<OrderReceipt>) => void;
}

export interface MissedServerEvents {
  'missed:event': (event: StreamEvent) => void;
  'missed:status': (status: MissedStatus) => void;
  'missed:effect': (effect: EffectEvent) => void;
}

export const MISSED_DEFAULT_RATE = 10;
export const MISSED_MAX_RATE_DEFAULT = DEFAULT_LIMITS.missedMaxRate;
