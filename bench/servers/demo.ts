// The demo server as `npm start` builds it (createDemoServer on its own http.Server), with the few limits a
// benchmark from one address must raise. Every raised limit is returned, so the report can print it.
import type { Server as HttpServer } from 'node:http';
import type { ServerOptions } from 'socket.io';
import { createDemoServer } from '../../server/app.ts';
import { DEFAULT_LIMITS, type Limits } from '../../server/config.ts';

const quiet = { info() {}, warn() {}, error() {} };

/**
 * One lab must hold every benchmark client, and every connection comes from 127.0.0.1. Per-address limits are
 * raised by name pattern, so a limit added later (say maxConnectionsPerAddress) is raised and reported too.
 */
export function benchLimits(connections: number): Partial<Limits> {
  // The broadcast scenario's lab sends 10 a second to 1,000 members: twice the default delivery budget of a lab
  // (labDeliveriesPerSecond), which would refuse a third of the sends. Ten deliveries a second per connection.
  const raised: Record<string, number> = { maxSocketsPerLab: connections, labDeliveriesPerSecond: connections * 10 };
  for (const key of Object.keys(DEFAULT_LIMITS)) {
    if (/PerAddress/i.test(key) && /connection|socket/i.test(key)) raised[key] = connections;
  }
  return raised as Partial<Limits>;
}

export function startDemo(http: HttpServer, options: Partial<ServerOptions>, limits: Partial<Limits>) {
  const demo = createDemoServer(http, { logger: quiet, limits, socketOptions: options });
  return { count: () => demo.io.of('/').sockets.size, labs: () => demo.labs.labs.size, close: () => demo.close() };
}
