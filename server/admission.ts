// The first thing a connection meets: a namespace middleware that counts one Engine.IO connection per address
// (however many namespaces it opens) and refuses it, with a sentence the client's connect_error carries, when the
// address is over its quota or cooling off. A refused connection is then closed, so it holds nothing open.
import type { ClientQuotas } from './clients.ts';
import type { EngineAdmission } from './engine-admission.ts';
import type { SocketMiddleware } from './feature.ts';

type Next = Parameters<SocketMiddleware>[1];

/**
 * With `engine`, connections were already counted on this node at the Engine.IO handshake: this tells a refused
 * one why, and on a shared Redis also counts it across nodes.
 */
export function admission(clients: ClientQuotas, engine?: EngineAdmission): SocketMiddleware {
  const counted = new WeakSet<object>();
  return (socket, next) => {
    const conn = socket.conn;
    if (counted.has(conn)) return next();
    const verdict = engine?.verdict(conn);
    if (verdict?.counted) {
      if (!clients.shared) return next();
      counted.add(conn);
      return void admitSharedOnly(clients, socket, next);
    }
    if (verdict) {
      next(new Error(verdict.refusal));
      setImmediate(() => conn.close());
      return;
    }
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

/** Counted on this node by the Engine.IO handshake already: only the count every node shares is left to take. */
async function admitSharedOnly(clients: ClientQuotas, socket: Parameters<SocketMiddleware>[0], next: Next) {
  const conn = socket.conn;
  const address = socket.handshake.address;
  const { refusal, counted } = await clients.admitShared(address);
  if (refusal) {
    next(new Error(refusal));
    setImmediate(() => conn.close());
    return;
  }
  if (counted) conn.once('close', () => void clients.shared?.release(address).catch(() => undefined));
  next();
}
