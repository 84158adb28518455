// What a feature (labs, emits, recovery, queues …) receives, and the shape it has. Each feature lives in
// features/<name>.ts and is listed in features/index.ts; app.ts builds one dispatcher from their events.
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type {
  ClientToServerEvents,
  EventName,
  InterServerEvents,
  PayloadOf,
  ReplyOf,
  ServerToClientEvents,
  SocketData,
} from '../src/contract/index.ts';
import type { ClientQuotas } from './clients.ts';
import type { Clock } from './clock.ts';
import type { LabDeliveries } from './deliveries.ts';
import type { Limits } from './config.ts';
import type { LabRegistry } from './labs.ts';
import type { EngineAdmission } from './engine-admission.ts';
import type { Logger } from './log.ts';
import type { ScaleContext } from './scale/context.ts';

export type DemoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type DemoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export type SocketMiddleware = (socket: DemoSocket, next: (err?: Error) => void) => void;

export interface HandlerContext {
  /** Runs after the acknowledgement has been sent: "acknowledge receipt, then fan out". */
  afterAck(fn: () => void): void;
}

/** What a handler returns: the acknowledgement's data (nothing for events without an acknowledgement). */
export type HandlerResult<E extends EventName> = [ReplyOf<E>] extends [never] ? null : ReplyOf<E>;

/**
 * One event: its schema (built from the live limits; its output must fit the contract's payload type) and its
 * handler. Built once per server and shared by every socket.
 */
export interface EventSpec<E extends EventName> {
  schema: z.ZodType<PayloadOf<E>>;
  fn(socket: DemoSocket, payload: PayloadOf<E>, h: HandlerContext): HandlerResult<E> | Promise<HandlerResult<E>>;
}

export type EventSpecs = { [E in EventName]?: EventSpec<E> };

export interface FeatureContext {
  io: DemoServer;
  /** The http.Server the demo server rides on (a feature may attach a second Socket.IO Server on its own path). */
  httpServer: HttpServer;
  labs: LabRegistry;
  limits: Limits;
  clock: Clock;
  logger: Logger;
  /** Alone or on a shared Redis: extra Socket.IO servers take `scale.serverOptions(name)` for their adapter. */
  scale: ScaleContext;
  /** Per-address quotas shared by every Socket.IO server of this demo server. */
  clients: ClientQuotas;
  /** Each lab's budget of deliveries a second (messages × recipients): fan-outs spend it before they happen. */
  deliveries: LabDeliveries;
  /** Namespace middleware: refuses a connection from an address over its quota or cooling off. */
  admission: SocketMiddleware;
  /** Counts every Engine.IO connection of a Server against the per-address quota: attach each extra Server. */
  engineAdmission: EngineAdmission;
  /** Call when a socket has entered a lab: from then on its disconnect runs the features' `left` hooks. */
  enteredLab(socket: DemoSocket): void;
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
  /** The client→server events this feature handles, built once per server (schemas from ctx.limits). */
  events?(ctx: FeatureContext): EventSpecs;
  /** For every new socket: keep it cheap (most features need nothing here). */
  connection?(socket: DemoSocket, ctx: FeatureContext): void;
  /** When a socket enters a lab (once per socket): attach what only lab sockets need. */
  entered?(socket: DemoSocket, ctx: FeatureContext): void;
  /** When a socket that was in a lab disconnects (Socket.IO has already taken it out of its rooms). */
  left?(socket: DemoSocket, ctx: FeatureContext, labId: string): void;
}
