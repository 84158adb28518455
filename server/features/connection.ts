// conn:info: the real addresses and ports of this socket's TCP connection, read from Node's net.Socket.
import type { ConnectionInfo } from '../../src/contract/index.ts';
import type { Feature } from '../feature.ts';
import { EmptySchema } from '../schemas/common.ts';
import { endpoint, tcpOf } from './tcp.ts';

export const connectionFeature: Feature = {
  name: 'connection',
  events: (ctx) => ({
    'conn:info': {
      schema: EmptySchema,
      fn(socket): ConnectionInfo {
        const tcp = tcpOf(socket);
        const req = socket.conn.request;
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        return {
          socketId: socket.id,
          client: endpoint(tcp?.remoteAddress, tcp?.remotePort),
          server: endpoint(tcp?.localAddress, tcp?.localPort),
          transport: socket.conn.transport.name as ConnectionInfo['transport'],
          request: { method: req.method ?? 'GET', url: req.url ?? '', httpVersion: req.httpVersion, headers },
          serverSockets: ctx.io.of('/').sockets.size,
        };
      },
    },
  }),
};
