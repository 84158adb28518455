// conn:info: the real addresses and ports of this socket's TCP connection, read from Node's net.Socket.
import type { IncomingMessage } from 'node:http';
import { ConnInfoSchema, type ConnectionInfo, type Endpoint } from '../contract/connection.ts';
import type { DemoSocket, Feature } from '../feature.ts';

/** The TCP socket under the current transport: for WebSocket the upgrade request's, for polling the latest request's. */
function tcpOf(socket: DemoSocket): IncomingMessage['socket'] | undefined {
  const conn = socket.conn as unknown as { request?: IncomingMessage; transport?: { socket?: { _socket?: IncomingMessage['socket'] }; req?: IncomingMessage } };
  return conn.transport?.socket?._socket ?? conn.transport?.req?.socket ?? conn.request?.socket;
}

const endpoint = (address: string | undefined, port: number | undefined): Endpoint => ({ address: address ?? 'unknown', port: port ?? 0 });

export const connectionFeature: Feature = {
  name: 'connection',
  connection(socket, ctx) {
    ctx.on(socket, 'conn:info', ConnInfoSchema, (): ConnectionInfo => {
      const tcp = tcpOf(socket);
      const req = socket.conn.request;
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
      return {
        socketId: socket.id,
        client: endpoint(tcp?.remoteAddress, tcp?.remotePort),
        server: endpoint(tcp?.localAddress, tcp?.localPort),
        transport: socket.conn.transport.name as ConnectionInfo['transport'],
        request: { method: req.method ?? 'GET', url: req.url ?? '', httpVersion: req.httpVersion, headers },
        serverSockets: ctx.io.of('/').sockets.size,
      };
    });
  },
};
