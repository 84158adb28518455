// stack:echo — the "Packets and encapsulation" lesson. A virtual client emits the learner's text; the server
// answers with the exact Socket.IO packet text it received, so the widget can build the bytes below it
// from what really crossed the wire rather than from what it meant to send.
import { z } from 'zod';
import { DEFAULT_LIMITS } from '../config.ts';
import type { Ack } from './common.ts';

export const StackEchoSchema = z
  .object({
    text: z
      .string()
      .min(1, 'the message is empty')
      .max(DEFAULT_LIMITS.maxTextLength, `a message has at most ${DEFAULT_LIMITS.maxTextLength} characters`),
  })
  .strict();

export interface StackEcho {
  /** The event name the server's handler ran for: "stack:echo". */
  event: string;
  /** The text as the server's handler received it. */
  text: string;
  /**
   * The Socket.IO packet as it arrived inside the Engine.IO message packet, e.g. `21["stack:echo",{"text":"hi"}]`
   * (type, acknowledgement id, JSON). Undefined if the server could not see it (a binary or polling-batched packet).
   */
  packet?: string;
  /** The transport that carried it. */
  transport: string;
  /** Server clock when it arrived (ms since epoch). */
  receivedAt: number;
}

export interface StackClientEvents {
  'stack:echo': (payload: z.input<typeof StackEchoSchema>, ack: Ack<StackEcho>) => void;
}
