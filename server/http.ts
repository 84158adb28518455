// The HTTP side of `npm start`: the built site from dist/ (sirv) and GET /healthz.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import sirv from 'sirv';

export function createRequestHandler(distDir: string, health: () => unknown) {
  const assets = sirv(distDir, { etag: true, gzip: false, brotli: false, dev: false, extensions: ['html'] });
  const notFoundPath = join(distDir, '404.html');
  const notFound = existsSync(notFoundPath) ? readFileSync(notFoundPath) : Buffer.from('Not found');

  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(health()));
      return;
    }
    assets(req, res, () => {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
      res.end(notFound);
    });
  };
}
