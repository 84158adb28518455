// conn:info — a socket's connection as the server sees it: the 4-tuple, the transport, the HTTP request that
// opened it. Lessons on sockets and on packets build on these real values.
import type { Ack, Empty } from './common.ts';

export interface Endpoint {
  /** As Node reports it: IPv4 ("127.0.0.1"), IPv4-mapped IPv6 ("::ffff:127.0.0.1") or IPv6 ("::1"). */
  address: string;
  port: number;
}

export type TransportName = 'polling' | 'websocket' | 'webtransport';

export interface ConnectionInfo {
  socketId: string;
  /** The client's end of the TCP connection that carries this socket right now. */
  client: Endpoint;
  /** The server's end: the port the server listens on. */
  server: Endpoint;
  transport: TransportName;
  /** The HTTP request that opened the Engine.IO session (method, url, headers as received). */
  request: { method: string; url: string; httpVersion: string; headers: Record<string, string> };
  /** Sockets connected to the server right now, all labs together. */
  serverSockets: number;
}

export interface ConnectionClientEvents {
  'conn:info': (payload: Empty, ack: Ack<ConnectionInfo>) => void;
}
