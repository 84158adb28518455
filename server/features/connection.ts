// conn:info: the real addresses and ports of this socket's TCP connection, read from Node's net.Socket.
import { ConnInfoSchema, type ConnectionInfo } from '../contract/connection.ts';
import type { Feature } from '../feature.ts';
import { endpoint, tcpOf } from './tcp.ts';

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
