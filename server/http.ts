// The HTTP side of `npm start`: the built site from dist/ (sirv) and GET /healthz. Pages are read-only, so any
// method but GET and HEAD gets 405; the features' POST routes and Socket.IO's own paths are answered before this.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

/** Astro names bundled files by content hash, so a URL under /_astro/ never changes meaning. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (HTML, favicon, the search index) may be cached but is revalidated with its ETag each time. */
export const REVALIDATE = 'no-cache';

export function cacheControlFor(pathname: string): string {
  return pathname.startsWith('/_astro/') ? IMMUTABLE : REVALIDATE;
}

export function createRequestHandler(distDir: string, health: () => unknown) {
  // brotli/gzip: sirv serves the .br/.gz files the build wrote beside each asset (see src/integrations/post-build.ts)
  // when the client accepts them, with Content-Encoding and Vary: Accept-Encoding.
  const assets = sirv(distDir, {
    etag: true,
    gzip: true,
    brotli: true,
    dev: false,
    extensions: ['html'],
    setHeaders: (res, pathname) => res.setHeader('cache-control', cacheControlFor(pathname)),
  });
  const notFoundPath = join(distDir, '404.html');
  const notFound = existsSync(notFoundPath) ? readFileSync(notFoundPath) : Buffer.from('Not found');

  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, {
        allow: 'GET, HEAD',
        'content-type': 'text/plain; charset=utf-8',
        'cache-control': 'no-store',
      });
      res.end('Method not allowed: this site only answers GET and HEAD.\n');
      return;
    }
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(health()));
      return;
    }
    assets(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8', 'cache-control': REVALIDATE });
      res.end(notFound);
    });
  };
}
