// transport:send / transport:ask for the transport inspector, and the REAL "block WebSocket" switch: an Engine.IO
// middleware refuses WebSocket requests that carry ?sp_block=websocket, so that client's upgrade probe genuinely
// fails (HTTP 400 on the upgrade) and it stays on long polling. Everyone else is untouched.
//
// Why a middleware and not `allowRequest`: engine.io calls allowRequest only for the handshake (requests without
// a sid); the upgrade probe carries the sid, so only middlewares (engine.use) see it. See engine.io's
// Server.verify and Server.handleUpgrade in node_modules/engine.io/build/server.js.
import type { IncomingMessage } from 'node:http';
import { BLOCK_WEBSOCKET_PARAM, BLOCK_WEBSOCKET_VALUE, type TransportName } from '../../src/contract/index.ts';
import type { DemoSocket, Feature } from '../feature.ts';
import { transportSchemas } from '../schemas/transports.ts';
import { requireLab } from './require-lab.ts';

/** True for a WebSocket request (handshake or upgrade probe) from a client that asked to have WebSocket blocked. */
export function isBlockedWebSocket(url: string | undefined): boolean {
  const params = URL.parse(url ?? '/', 'http://localhost')?.searchParams;
  return params?.get('transport') === 'websocket' && params.get(BLOCK_WEBSOCKET_PARAM) === BLOCK_WEBSOCKET_VALUE;
}

export const transportsFeature: Feature = {
  name: 'transports',
  setup(ctx) {
    ctx.io.engine.use((req: IncomingMessage, _res: unknown, next: (err?: Error) => void) => {
      if (isBlockedWebSocket(req.url)) next(new Error('WebSocket blocked for this client (lesson demo)'));
      else next();
    });
  },
  events(ctx) {
    const { send } = transportSchemas(ctx.limits);
    const transport = (socket: DemoSocket) => socket.conn.transport.name as TransportName;
    return {
      'transport:send': {
        schema: send,
        fn(socket, { text }) {
          requireLab(socket);
          socket.emit('transport:echo', { text, transport: transport(socket) });
          return null;
        },
      },
      'transport:ask': {
        schema: send,
        fn(socket) {
          requireLab(socket);
          return { transport: transport(socket), receivedAt: ctx.clock.now() };
        },
      },
    };
  },
};
