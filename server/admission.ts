// The first thing a connection meets: a namespace middleware that counts one Engine.IO connection per address
// (however many namespaces it opens) and refuses it, with a sentence the client's connect_error carries, when the
// address is over its quota or cooling off. A refused connection is then closed, so it holds nothing open.
import type { ClientQuotas } from './clients.ts';
import type { EngineAdmission } from './engine-admission.ts';
import type { SocketMiddleware } from './feature.ts';

/** With `engine`, connections were already counted at the Engine.IO handshake: this only tells a refused one why. */
export function admission(clients: ClientQuotas, engine?: EngineAdmission): SocketMiddleware {
  const counted = new WeakSet<object>();
  return (socket, next) => {
    const conn = socket.conn;
    if (counted.has(conn)) return next();
    const verdict = engine?.verdict(conn);
    if (verdict?.counted) return next();
    if (verdict) {
      next(new Error(verdict.refusal));
      setImmediate(() => conn.close());
      return;
    }
    const address = socket.handshake.address;
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
