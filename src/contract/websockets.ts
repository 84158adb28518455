// The "WebSockets" lesson: the real opening handshake of a connection, and a lab ticker whose updates can be
// fetched by short polling, by long polling (HTTP routes) or pushed over the WebSocket.
import type { Ack, Empty } from './common.ts';

/** One HTTP message head: its first line and its header lines as [name, value], in the order they were on the wire. */
export interface HttpHead {
  startLine: string;
  headers: Array<[string, string]>;
  /** Bytes of the whole head: start line, header lines, CRLFs and the blank line. */
  bytes: number;
}

export interface WsHandshake {
  /** The upgrade request as the server parsed it (Node keeps the original header names in rawHeaders). */
  request: HttpHead;
  /** The response the server wrote to the TCP socket: the exact lines the ws library joined and sent. */
  response: HttpHead;
}

export interface TickerUpdate {
  /** 1, 2, 3 … per lab. */
  seq: number;
  /** Server clock (ms since epoch) when the update was made. */
  at: number;
}

export interface TickerState {
  /** The newest update so far (seq 0 before the first one). */
  latest: number;
  serverNow: number;
  minMs: number;
  maxMs: number;
  longPollTimeoutMs: number;
}

/** Query of GET /api/ticker/poll and /api/ticker/long. */
export interface TickerPollQuery {
  lab: string;
  /** The newest seq the page already has; the answer holds the ones after it. */
  after: number;
}

/** The JSON body both polling routes answer with. */
export interface TickerPollResponse {
  ok: true;
  updates: TickerUpdate[];
  latest: number;
  /** Bytes of the request head as the server received it. */
  requestHeaderBytes: number;
  /** Bytes of this response's head (status line and headers) as Node wrote it. */
  responseHeaderBytes: number;
  /** How long the server held the request before answering (0 for short polls). */
  heldMs: number;
}

export interface WebSocketsClientEvents {
  'ws:handshake': (payload: Empty, ack: Ack<WsHandshake>) => void;
  /** Start (or keep) the lab's ticker; its updates are pushed as 'ticker:update' to the lab. */
  'ticker:start': (payload: Empty, ack: Ack<TickerState>) => void;
}

export interface WebSocketsServerEvents {
  'ticker:update': (update: TickerUpdate) => void;
}
