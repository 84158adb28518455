// The "Emitting events" lesson: one message, four ways the server can pass it on.
import type { Ack } from './common.ts';

/**
 * The four sends of the "Emitting events" lesson (not the cheatsheet variants of rooms.ts):
 * server: the server only receives it (socket.emit from the client, nothing more).
 * reply:  the server answers the sender alone (socket.emit on the server).
 * all:    the server sends it to everyone in the lab, sender included (io.emit, scoped to the lab).
 * others: everyone in the lab but the sender (socket.broadcast.emit, scoped to the lab).
 */
export const EMIT_SEND_VARIANTS = ['server', 'reply', 'all', 'others'] as const;
export type EmitVariant = (typeof EMIT_SEND_VARIANTS)[number];

export interface EmitSendPayload {
  variant: EmitVariant;
  /** At most Limits.maxTextLength characters after trimming (DEFAULT_MAX_TEXT_LENGTH unless configured). */
  text: string;
  /** The sender's own id for this send, echoed back, so a widget can match deliveries to what it sent. */
  ref?: string;
}

export interface EmitReceipt {
  id: string;
  /** Server clock when the event arrived (ms since epoch). */
  receivedAt: number;
  /** Names of the lab's sockets the server is about to send the message to. */
  recipients: string[];
}

export interface EmitMessage {
  id: string;
  ref?: string;
  from: string;
  fromSocket: string;
  variant: EmitVariant;
  text: string;
  /** Server clock when the server sent it on. */
  sentAt: number;
}

export interface EmitClientEvents {
  'emit:send': (payload: EmitSendPayload, ack: Ack<EmitReceipt>) => void;
}

export interface EmitServerEvents {
  'emit:message': (message: EmitMessage) => void;
}
