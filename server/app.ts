// createDemoServer builds the demo server's Socket.IO on any http.Server and never listens itself:
// server/index.ts listens for real, tests listen on port 0, and `astro dev` lends its own server.
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { Server, type ServerOptions } from 'socket.io';
import { admission } from './admission.ts';
import { clientAddressOf } from './client-address.ts';
import { ClientQuotas } from './clients.ts';
import { systemClock, type Clock } from './clock.ts';
import { DEFAULT_LIMITS, type Limits } from './config.ts';
import { EngineAdmission } from './engine-admission.ts';
import type { DemoServer, DemoSocket, Feature, FeatureContext, Route } from './feature.ts';
import { LabDeliveries, type DeliveryBudgetScope } from './deliveries.ts';
import { redisReserve, SharedDeliveryBudget } from './scale/lab-delivery-budget.ts';
import { createDispatcher, labHooks } from './dispatch.ts';
import { features as defaultFeatures } from './features/index.ts';
import { LabRegistry } from './labs.ts';
import { RedisLabDirectory } from './scale/lab-directory.ts';
import { RedisQuotas } from './scale/lab-quotas.ts';
import { guardSlowReaders } from './slow-readers.ts';
import { jsonLogger, type Logger } from './log.ts';
import { singleNode, type AdapterName, type ScaleContext } from './scale/context.ts';

export interface DemoServerOptions {
  limits?: Partial<Limits>;
  clock?: Clock;
  logger?: Logger;
  features?: Feature[];
  /** Extra Socket.IO options (the dev server passes destroyUpgrade: false so Vite's HMR socket survives). */
  socketOptions?: Partial<ServerOptions>;
  /** One node alone (the default) or one of many on a shared Redis (server/scale/). */
  scale?: ScaleContext;
  /** Proxies whose X-Forwarded-For names the client (SP_TRUSTED_PROXIES; none by default). */
  trustedProxies?: readonly string[];
}

export interface Health {
  ok: true;
  /** Which node answered, and how it shares state: 'in-memory' alone, 'redis-streams' with others. */
  node: string;
  adapter: AdapterName;
  /** Only with REDIS_URL: whether this node reaches Redis right now. */
  redis?: { reachable: boolean };
  /** Only with REDIS_URL: whether each lab's delivery budget is counted across nodes or (Redis lost) per node. */
  deliveryBudget?: DeliveryBudgetScope;
  uptimeSeconds: number;
  sockets: number;
  labs: number;
  memoryMB: number;
}

export interface DemoServerHandle {
  io: DemoServer;
  labs: LabRegistry;
  clients: ClientQuotas;
  limits: Limits;
  /** What GET /healthz reports. */
  health(): Health;
  /** Serves the features' HTTP routes; returns false when the request is not one of them. */
  http(req: IncomingMessage, res: ServerResponse): boolean;
  close(): Promise<void>;
}

export function createDemoServer(httpServer: HttpServer, options: DemoServerOptions = {}): DemoServerHandle {
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const clock = options.clock ?? systemClock;
  const scale = options.scale ?? singleNode();
  const logger = options.logger ?? jsonLogger();
  const startedAt = Date.now();

  const io: DemoServer = new Server(httpServer, {
    maxHttpBufferSize: limits.maxPayloadBytes,
    serveClient: false,
    ...scale.serverOptions('main'),
    ...options.socketOptions,
  });
  const labs = new LabRegistry(limits, clock);
  // On a shared Redis the registry becomes a replica of the directory every node shares.
  if (scale.redis) labs.shared = new RedisLabDirectory(labs, scale, limits, clock, logger);
  const clients = new ClientQuotas(limits, clock);
  if (scale.redis) clients.shared = new RedisQuotas(scale, limits);
  // Counted per Engine.IO connection on every Server (features attach theirs with ctx.engineAdmission).
  const engineAdmission = new EngineAdmission(clients, limits, clientAddressOf(options.trustedProxies));
  engineAdmission.attach(io);
  const admit = admission(clients, engineAdmission);
  const deliveries = new LabDeliveries(limits.labDeliveriesPerSecond, clock);
  if (scale.redis) {
    const budget = limits.labDeliveriesPerSecond;
    const reserve = redisReserve(scale, budget);
    const reachable = scale.redis.reachable;
    deliveries.share(new SharedDeliveryBudget(budget, limits.labDeliveryChunk, clock, reserve, reachable), logger);
  }
  io.use(admit);
  const closers: Array<() => void | Promise<void>> = [guardSlowReaders(io, limits.maxUnsentBytes, logger, clock)];

  const ctx: FeatureContext = {
    io,
    httpServer,
    labs,
    limits,
    clock,
    logger,
    scale,
    clients,
    admission: admit,
    engineAdmission,
    deliveries,
    enteredLab: (socket) => enteredLab(socket),
    onClose: (fn) => closers.push(fn),
  };

  const features = options.features ?? defaultFeatures;
  const enteredLab = labHooks(() => ctx, features);
  for (const feature of features) feature.setup?.(ctx);
  const routes: Route[] = features.flatMap((f) => f.routes?.(ctx) ?? []);
  // Every feature's events in one table, built once from the live limits; every socket shares it.
  const specs = Object.assign({}, ...features.map((f) => f.events?.(ctx) ?? {}));
  const dispatcher = createDispatcher(specs, { limits, clock, logger, clients });
  const onConnection = features.flatMap((f) => (f.connection ? [f.connection.bind(f)] : []));

  io.on('connection', (socket: DemoSocket) => {
    dispatcher.attach(socket);
    for (const connection of onConnection) connection(socket, ctx);
  });

  const sweep = setInterval(() => {
    clients.sweep();
    deliveries.sweep((labId) => labs.get(labId) !== undefined);
    const removed = labs.sweep();
    if (removed.length) logger.info('lab.expired', { count: removed.length });
  }, limits.sweepIntervalMs);
  sweep.unref();

  return {
    io,
    labs,
    clients,
    limits,
    health: () => ({
      ok: true,
      node: scale.nodeId,
      adapter: scale.adapter,
      ...(scale.redis ? { redis: { reachable: scale.redis.reachable() } } : {}),
      ...(scale.redis ? { deliveryBudget: deliveries.scope() } : {}),
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
      sockets: io.of('/').sockets.size,
      labs: labs.labs.size,
      memoryMB: Math.round(process.memoryUsage().rss / 1024 / 1024),
    }),
    http(req, res) {
      // URL.parse, not new URL: a target such as `//[` must not throw inside the request listener.
      const url = URL.parse(req.url ?? '/', 'http://localhost');
      if (!url) return false;
      const route = routes.find((r) => r.method === req.method && r.path === url.pathname);
      if (!route) return false;
      Promise.resolve(route.handle(req, res, url)).catch((err) => {
        logger.error('route.failed', { path: url.pathname, error: String(err) });
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: false, error: 'The demo server could not handle that request.' }));
      });
      return true;
    },
    async close() {
      clearInterval(sweep);
      for (const fn of closers) await fn();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await labs.shared?.close();
    },
  };
}
