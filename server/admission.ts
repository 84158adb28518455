// The first thing a connection meets: a namespace middleware that counts one Engine.IO connection per address
// (however many namespaces it opens) and refuses it, with a sentence the client's connect_error carries, when the
// address is over its quota or cooling off. A refused connection is then closed, so it holds nothing open.
import type { ClientQuotas } from './clients.ts';
import type { SocketMiddleware } from './feature.ts';

type Next = Parameters<SocketMiddleware>[1];

export function admission(clients: ClientQuotas): SocketMiddleware {
  const counted = new WeakSet<object>();
  return (socket, next) => {
    const conn = socket.conn;
    if (counted.has(conn)) return next();
    const address = socket.handshake.address;
    if (clients.shared) {
      counted.add(conn);
      return void admitAcrossNodes(clients, socket, next);
    }
    const refusal = clients.admit(address);
    if (refusal) {
      next(new Error(refusal));
      // Socket.IO writes the CONNECT_ERROR on the next tick; Engine.IO's close() waits for it to be flushed.
      setImmediate(() => conn.close());
      return;
    }
    counted.add(conn);
    conn.once('close', () => clients.release(address));
    next();
  };
}

/** The same steps with the counts every node shares in Redis (a promise: this middleware then calls next later). */
async function admitAcrossNodes(clients: ClientQuotas, socket: Parameters<SocketMiddleware>[0], next: Next) {
  const conn = socket.conn;
  const address = socket.handshake.address;
  const { refusal, counted } = await clients.admitAcrossNodes(address);
  if (refusal) {
    next(new Error(refusal));
    setImmediate(() => conn.close());
    return;
  }
  conn.once('close', () => {
    clients.release(address);
    if (counted) clients.shared?.release(address).catch(() => undefined);
  });
  next();
}
