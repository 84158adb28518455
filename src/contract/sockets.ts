// sockets:watch — "Your socket": every connection in the lab as the server sees it (its real 4-tuple), and the
// server's one listening socket. The server pushes a fresh list whenever someone joins or leaves the lab.
import type { Ack, Empty } from './common.ts';
import type { Endpoint, TransportName } from './connection.ts';

export interface LabConnection {
  socketId: string;
  /** The name the connection has in the lab ("You", "Client 2", "You 2" from another tab). */
  name: string;
  /**
   * Remote end of the TCP connection: the client's address and its ephemeral port. The address is '' unless the
   * connection is the watcher's own (the same socket, or the same `page` token in the handshake auth).
   */
  client: Endpoint;
  /** Local end: the server's address and the port it listens on. */
  server: Endpoint;
  transport: TransportName;
}

export interface LabSockets {
  labId: string;
  /** The server's listening socket: the one address:port every connection above was accepted from. */
  listening: Endpoint;
  connections: LabConnection[];
  /** Server clock when the list was made. */
  at: number;
}

export interface SocketsClientEvents {
  /** Answer with the lab's connections now, and push 'sockets:lab' to the lab whenever they change. */
  'sockets:watch': (payload: Empty, ack: Ack<LabSockets>) => void;
}

export interface SocketsServerEvents {
  'sockets:lab': (list: LabSockets) => void;
}
