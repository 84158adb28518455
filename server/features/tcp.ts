// The TCP socket under a Socket.IO connection, read from Engine.IO's transport (same rule as conn:info):
// for WebSocket the upgrade request's socket, for polling the latest request's.
import type { Socket as NetSocket } from 'node:net';
import type { Endpoint } from '../../src/contract/index.ts';
import type { DemoSocket } from '../feature.ts';

export function tcpOf(socket: DemoSocket): NetSocket | undefined {
  const conn = socket.conn as unknown as {
    request?: { socket?: NetSocket };
    transport?: { socket?: { _socket?: NetSocket }; req?: { socket?: NetSocket } };
  };
  return conn.transport?.socket?._socket ?? conn.transport?.req?.socket ?? conn.request?.socket;
}

export const endpoint = (address: string | undefined, port: number | undefined): Endpoint => ({
  address: address ?? 'unknown',
  port: port ?? 0,
});
