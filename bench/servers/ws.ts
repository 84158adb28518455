// The floor: a raw WebSocket server (the `ws` package Engine.IO itself uses) relaying every message to everyone.
import type { Server as HttpServer } from 'node:http';
import { WebSocketServer } from 'ws';

export function startWs(http: HttpServer) {
  const wss = new WebSocketServer({ server: http });
  wss.on('connection', (ws) => {
    ws.on('error', () => {});
    ws.on('message', (data, isBinary) => {
      for (const client of wss.clients) client.send(data, { binary: isBinary });
    });
  });
  return { count: () => wss.clients.size, close: () => new Promise<void>((r) => wss.close(() => r())) };
}
