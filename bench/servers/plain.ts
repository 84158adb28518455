// The yardstick: a plain Socket.IO 4.8 server doing what the demo's emit feature does (a room per lab, an
// acknowledged send fanned out to the room), and nothing else.
import type { Server as HttpServer } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';

export function startPlain(http: HttpServer, options: Partial<ServerOptions>) {
  const io = new Server(http, { serveClient: false, ...options });
  io.on('connection', (socket) => {
    socket.on('join', (room: string, ack?: (r: unknown) => void) => {
      socket.data.room = String(room);
      void socket.join(socket.data.room);
      ack?.({ ok: true });
    });
    socket.on('send', (message: unknown, ack?: (r: unknown) => void) => {
      ack?.({ ok: true });
      if (socket.data.room) io.to(socket.data.room).emit('message', message);
    });
  });
  return { count: () => io.of('/').sockets.size, close: () => new Promise<void>((r) => io.close(() => r())) };
}
