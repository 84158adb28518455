// A socket that stops reading makes the server hold everything sent to it: in Engine.IO's writeBuffer (packets
// not yet handed to the transport) and, for WebSocket, in ws's bufferedAmount (frames Node could not write to the
// kernel yet). Once a second, every connection of a Socket.IO server is checked; one holding more than
// maxUnsentBytes is closed, so a slow reader costs at most that much, not memory without bound.
import type { Server } from 'socket.io';
import { after, systemClock, type Clock } from './clock.ts';
import type { Logger } from './log.ts';

interface EnginePacket {
  data?: unknown;
}

interface EngineConn {
  writeBuffer?: EnginePacket[];
  transport?: { name?: string; socket?: { bufferedAmount?: number; terminate?(): void } };
  /** The client's address (engine-admission.ts writes it there: the peer, or the proxied client's). */
  remoteAddress?: string;
  close(discard?: boolean): void;
}

/** Bytes queued for `conn` and not yet taken by the kernel; counting stops once over `cap`. */
export function unsentBytes(conn: EngineConn, cap = Infinity): number {
  let bytes = conn.transport?.name === 'websocket' ? (conn.transport.socket?.bufferedAmount ?? 0) : 0;
  for (const packet of conn.writeBuffer ?? []) {
    if (bytes > cap) break;
    const data = packet.data;
    if (typeof data === 'string') bytes += data.length;
    else if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) bytes += data.byteLength;
    else bytes += 16;
  }
  return bytes;
}

/**
 * Starts the once-a-second check on `io`; returns the function that stops it. The check runs on `clock`, so a
 * test with a ManualClock moves it on by hand instead of waiting a real second.
 */
export function guardSlowReaders(
  io: Server,
  maxUnsentBytes: number,
  logger: Logger,
  clock: Clock = systemClock,
  intervalMs = 1000,
): () => void {
  let cancel = after(clock, intervalMs, check);
  function check(): void {
    cancel = after(clock, intervalMs, check);
    const clients = (io.engine as unknown as { clients: Record<string, EngineConn> }).clients;
    for (const conn of Object.values(clients)) {
      const bytes = unsentBytes(conn, maxUnsentBytes);
      if (bytes <= maxUnsentBytes) continue;
      logger.info('socket.slow-reader', { address: conn.remoteAddress, bytes });
      // Drop what is queued instead of waiting to flush it to a reader that is not reading: ws's terminate()
      // destroys the TCP socket at once (a closing handshake would wait for the reader too).
      conn.transport?.socket?.terminate?.();
      conn.close(true);
    }
  }
  return () => cancel();
}
