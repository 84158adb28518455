// What a feature (labs, emits, recovery, queues …) receives, and the shape it has. Each feature lives in
// features/<name>.ts and is listed in features/index.ts; app.ts wires them to every socket.
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Clock } from './clock.ts';
import type { Limits } from './config.ts';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents, SocketData } from './events.ts';
import type { HandlerContext } from './handle.ts';
import type { LabRegistry } from './labs.ts';
import type { Logger } from './log.ts';

export type DemoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type DemoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface FeatureContext {
  io: DemoServer;
  /** The http.Server the demo server rides on (a feature may attach a second Socket.IO Server on its own path). */
  httpServer: HttpServer;
  labs: LabRegistry;
  limits: Limits;
  clock: Clock;
  logger: Logger;
  /** Registers a validated handler: the payload is parsed by `schema`, the result sent through the ack. */
  on<S extends z.ZodType, R>(
    socket: DemoSocket,
    event: keyof ClientToServerEvents,
    schema: S,
    fn: (payload: z.output<S>, ctx: HandlerContext) => R | Promise<R>,
  ): void;
  /** Registers a cleanup to run when the server closes (timers, stores). */
  onClose(fn: () => void | Promise<void>): void;
}

/** A plain HTTP endpoint a feature serves (for lessons that compare HTTP polling with push). */
export interface Route {
  method: 'GET' | 'POST';
  /** Exact path, under /api/ by convention: '/api/poll/short'. */
  path: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void | Promise<void>;
}

export interface Feature {
  name: string;
  /** HTTP endpoints, served by `npm start` and by the dev server alike. */
  routes?(ctx: FeatureContext): Route[];
  /** Once, when the server is built. */
  setup?(ctx: FeatureContext): void;
  /** For every new socket. */
  connection(socket: DemoSocket, ctx: FeatureContext): void;
}
