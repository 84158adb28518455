// The whole site on one http.Server: the built pages, the features' HTTP routes and every Socket.IO server the
// demo runs, behind one guard (guard.ts). server/index.ts listens on it; tests run it on port 0.
import { createServer, type Server as HttpServer } from 'node:http';
import { createDemoServer, type DemoServerHandle } from './app.ts';
import type { Limits } from './config.ts';
import { guardHttpServer } from './guard.ts';
import { createRequestHandler } from './http.ts';
import type { Logger } from './log.ts';
import type { ScaleContext } from './scale/context.ts';
import { createOriginCheck } from './origin.ts';

export interface SiteOptions {
  distDir: string;
  logger: Logger;
  limits?: Partial<Limits>;
  /** Origins besides the site's own that may open Socket.IO connections (SP_ALLOWED_ORIGINS). */
  allowedOrigins?: string[];
  /** Alone (default) or one of many nodes on Redis. */
  scale?: ScaleContext;
  /** Proxies whose X-Forwarded-For names the client (SP_TRUSTED_PROXIES). */
  trustedProxies?: readonly string[];
}

export function createSite(options: SiteOptions): { httpServer: HttpServer; demo: DemoServerHandle } {
  // The site's handler goes on first: each Socket.IO server wraps the listeners present when it attaches.
  const httpServer = createServer((req, res) => {
    if (!demo.http(req, res)) staticFiles(req, res);
  });
  const demo = createDemoServer(httpServer, {
    limits: options.limits,
    logger: options.logger,
    scale: options.scale,
    trustedProxies: options.trustedProxies,
  });
  const staticFiles = createRequestHandler(options.distDir, demo.health);
  guardHttpServer(httpServer, { logger: options.logger, allowOrigin: createOriginCheck(options.allowedOrigins) });
  return { httpServer, demo };
}
