// The per-address connection quota, counted where a connection is born: at the Engine.IO handshake of every
// Socket.IO server the demo runs, whether or not the connection ever opens a namespace (a raw WebSocket or
// polling client that stops after the handshake holds a slot too). Each Engine.IO connection takes one slot
// and gives it back when it closes. The address counted is the client's (client-address.ts), which this file
// also writes into the connection, so that socket.handshake.address is the same one everywhere.
//
// A connection over the quota (or from an address cooling off) is refused in one of two ways:
// - told in words: its handshake completes, and the namespace middleware (admission.ts) answers its CONNECT with
//   the sentence, which socket.io-client hands to connect_error; a connection that never asks is closed after
//   refusedConnectionGraceMs. Engine.IO's own refusal (a 403 on the handshake) would reach the client as a bare
//   "websocket error", so this is the polite path.
// - refused outright: while refusedConnectionsHeldPerAddress refused connections of one address are still waiting to be told, further
//   handshakes from it get Engine.IO's 403, so a client opening sockets in a loop holds almost nothing.
import type { IncomingMessage } from 'node:http';
import { clientAddressOf, type AddressedRequest, type ClientAddressOf } from './client-address.ts';
import type { ClientQuotas } from './clients.ts';
import type { Limits } from './config.ts';
import type { Server } from 'socket.io';

/** The two limits (server/config.ts): socket.io-client asks within a round trip, so seconds are plenty. */
type RefusalLimits = Pick<Limits, 'refusedConnectionGraceMs' | 'refusedConnectionsHeldPerAddress'>;

/** What Engine.IO's connection object offers that we use (engine.io's Socket). */
interface EngineConn {
  remoteAddress: string;
  /** The request that opened the connection (its handshake, or its WebSocket upgrade). */
  request: AddressedRequest;
  close(): void;
  once(event: 'close', fn: () => void): void;
}

type AllowRequest = (req: IncomingMessage, fn: (err: string | null | undefined, success: boolean) => void) => void;

/** What the namespace middleware should do with a connection: counted (let it in), refused (in words), unknown. */
export type Verdict = { counted: true } | { counted: false; refusal: string } | undefined;

export class EngineAdmission {
  private readonly clients: ClientQuotas;
  private readonly verdicts = new WeakMap<object, Exclude<Verdict, undefined>>();
  /** address → refused connections still open (waiting to be told) */
  private readonly held = new Map<string, number>();

  private readonly limits: RefusalLimits;
  /** Which address a request counts as (server/client-address.ts: the peer, or X-Forwarded-For behind a proxy). */
  readonly clientAddress: ClientAddressOf;

  constructor(clients: ClientQuotas, limits: RefusalLimits, clientAddress: ClientAddressOf = clientAddressOf()) {
    this.clients = clients;
    this.limits = limits;
    this.clientAddress = clientAddress;
  }

  /** Counts every Engine.IO connection of `io` from now on. Call it right after creating the Server. */
  attach(io: Server): void {
    const opts = io.engine.opts as { allowRequest?: AllowRequest };
    const previous = opts.allowRequest;
    // allowRequest runs only on handshakes (requests without a sid): the cheap place to say no before any state.
    opts.allowRequest = (req, fn) => {
      const address = this.clientAddress(req);
      if ((this.held.get(address) ?? 0) >= this.limits.refusedConnectionsHeldPerAddress) {
        return fn('Too many refused connections from one address; wait a moment.', false);
      }
      if (previous) return previous(req, fn);
      fn(null, true);
    };
    io.engine.on('connection', (conn: EngineConn) => this.opened(conn));
  }

  /** The namespace middleware asks what to do with a connection's first namespace. */
  verdict(conn: object): Verdict {
    return this.verdicts.get(conn);
  }

  /** Connections from `address` refused and still waiting to be told (tests read it). */
  heldFrom(address: string): number {
    return this.held.get(address) ?? 0;
  }

  private opened(conn: EngineConn): void {
    const address = this.clientAddress(conn.request);
    // Socket.IO copies conn.remoteAddress into socket.handshake.address when the client's CONNECT arrives, later
    // than this: from here on every feature that counts per address (labs, streams, class joins) sees the client.
    conn.remoteAddress = address;
    const refusal = this.clients.admit(address);
    if (!refusal) {
      this.verdicts.set(conn, { counted: true });
      conn.once('close', () => this.clients.release(address));
      return;
    }
    this.verdicts.set(conn, { counted: false, refusal });
    this.held.set(address, (this.held.get(address) ?? 0) + 1);
    const timer = setTimeout(() => conn.close(), this.limits.refusedConnectionGraceMs);
    timer.unref();
    conn.once('close', () => {
      clearTimeout(timer);
      const left = (this.held.get(address) ?? 0) - 1;
      if (left > 0) this.held.set(address, left);
      else this.held.delete(address);
    });
  }
}
