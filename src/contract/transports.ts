// The "Does Socket.IO use HTTP?" lesson: a fire-and-forget event and an event with an acknowledgement, so the
// transport inspector shows EVENT and ACK packets on whichever transport carries them at that moment.
import type { Ack } from './common.ts';
import type { TransportName } from './connection.ts';

export type { TransportName } from './connection.ts';

/** Query parameter the inspector's client adds to every Engine.IO request when "block WebSocket" is on. */
export const BLOCK_WEBSOCKET_PARAM = 'sp_block';
export const BLOCK_WEBSOCKET_VALUE = 'websocket';

export interface TransportSendPayload {
  /** At most Limits.maxTextLength characters after trimming. */
  text: string;
}

export interface TransportEcho {
  text: string;
  /** The transport the server received the event on (socket.conn.transport.name). */
  transport: TransportName;
}

export interface TransportReceipt {
  /** The transport the server received the event on. */
  transport: TransportName;
  /** Server clock when it arrived (ms since epoch). */
  receivedAt: number;
}

export interface TransportClientEvents {
  /** Fire and forget: no acknowledgement; the server answers with a separate transport:echo event. */
  'transport:send': (payload: TransportSendPayload) => void;
  /** With an acknowledgement: the answer rides back in an ACK packet. */
  'transport:ask': (payload: TransportSendPayload, ack: Ack<TransportReceipt>) => void;
}

export interface TransportServerEvents {
  'transport:echo': (echo: TransportEcho) => void;
}
