// stack:echo — the "Packets and encapsulation" lesson. A virtual client emits the learner's text; the server
// answers with the exact Socket.IO packet text it received, so the widget can build the bytes below it
// from what really crossed the wire rather than from what it meant to send.
import type { Ack } from './common.ts';

export interface StackEchoPayload {
  /** At most Limits.maxTextLength characters (not trimmed: the bytes are the lesson). */
  text: string;
}

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
  'stack:echo': (payload: StackEchoPayload, ack: Ack<StackEcho>) => void;
}
