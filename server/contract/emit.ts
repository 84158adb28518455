// The "Emitting events" lesson: one message, four ways the server can pass it on.
import { z } from 'zod';
import { DEFAULT_LIMITS } from '../config.ts';
import type { Ack } from './common.ts';

/**
 * server: the server only receives it (socket.emit from the client, nothing more).
 * reply:  the server answers the sender alone (socket.emit on the server).
 * all:    the server sends it to everyone in the lab, sender included (io.emit, scoped to the lab).
 * others: everyone in the lab but the sender (socket.broadcast.emit, scoped to the lab).
 */
export const EMIT_VARIANTS = ['server', 'reply', 'all', 'others'] as const;
export type EmitVariant = (typeof EMIT_VARIANTS)[number];

export const EmitSendSchema = z
  .object({
    variant: z.enum(EMIT_VARIANTS),
    text: z
      .string()
      .trim()
      .min(1, 'the message is empty')
      .max(DEFAULT_LIMITS.maxTextLength, `a message has at most ${DEFAULT_LIMITS.maxTextLength} characters`),
    /** The sender's own id for this send, echoed back, so a widget can match deliveries to what it sent. */
    ref: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'ref is up to 32 letters, digits, - or _').optional(),
  })
  .strict();

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
  'emit:send': (payload: z.input<typeof EmitSendSchema>, ack: Ack<EmitReceipt>) => void;
}

export interface EmitServerEvents {
  'emit:message': (message: EmitMessage) => void;
}
