// A plain socket.io-client for a node started as a program (child-node.ts spawnNode), through nginx or not:
// connect with chosen transports, ask with an ack, and one emit's round trip in a fresh lab.
import { io as connect, type Socket } from 'socket.io-client';
import type { AckResult } from '../../src/contract/index.ts';

/** Connects a real client; rejects with the connect error (for "Session ID unknown" and the like). */
export function connectClient(url: string, transports: Array<'polling' | 'websocket'>): Promise<Socket> {
  const socket = connect(url, { forceNew: true, transports, reconnection: false, timeout: 10_000 });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export function ask<T = unknown>(socket: Socket, event: string, payload: unknown): Promise<AckResult<T>> {
  return socket.timeout(5000).emitWithAck(event, payload);
}

/** Creates a lab and sends one emit to everyone in it; resolves with what came back to the sender. */
export async function emitRoundTrip(socket: Socket, text: string): Promise<unknown> {
  const lab = await ask<{ labId: string }>(socket, 'lab:create', { kind: 'emit-sequence', name: 'Ada' });
  if (!lab.ok) throw new Error(`lab:create refused: ${lab.error}`);
  const arrived = new Promise<unknown>((resolve) => socket.once('emit:message', resolve));
  const sent = await ask(socket, 'emit:send', { variant: 'all', text });
  if (!sent.ok) throw new Error(`emit:send refused: ${sent.error}`);
  return arrived;
}
