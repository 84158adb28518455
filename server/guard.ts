// One wrapper in front of every HTTP request and upgrade listener on the site's http.Server: hostile input is
// normal on a class's shared address, and an error thrown inside a Node 'request' listener kills the process.
// The guard answers what no listener should see (unparsable targets, foreign Origins on Socket.IO), adds the
// security headers every response carries, and turns anything a listener throws into a logged 500.
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from './log.ts';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface GuardOptions {
  logger: Logger;
  /** May this request open (or continue) a Socket.IO connection? See origin.ts. */
  allowOrigin: (req: IncomingMessage) => boolean;
}

/** Sent on every response. frame-ancestors cannot sit in the pages' <meta> CSP, so it travels as a header. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': "frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
};

/** The parsed request target, or null when it is not a URL at all (`//[`, `http://x:99999/`). */
export function parseTarget(req: IncomingMessage): URL | null {
  return URL.parse(req.url ?? '/', 'http://localhost');
}

/** Engine.IO requests always carry its protocol version (`EIO=4`); WebSocket upgrades are all Socket.IO's here. */
function isEngineIo(url: URL, req: IncomingMessage): boolean {
  return url.searchParams.has('EIO') || req.headers.upgrade !== undefined;
}

/**
 * Moves the listeners already on `server` (the site's handler, wrapped by each Socket.IO server attached to it)
 * behind one guarded listener per event. Call it after every Socket.IO server has been created.
 */
export function guardHttpServer(server: HttpServer, { logger, allowOrigin }: GuardOptions): void {
  const requestListeners = server.listeners('request') as RequestListener[];
  const upgradeListeners = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('request');
  server.removeAllListeners('upgrade');

  const failed = (kind: string, req: IncomingMessage, err: unknown) =>
    logger.error('http.listener_failed', {
      kind,
      method: req.method,
      target: String(req.url).slice(0, 200),
      error: err instanceof Error ? err.message : String(err),
      stack: err instanceof Error ? err.stack?.split('\n').slice(0, 6).join(' | ') : undefined,
    });

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    try {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
      const url = parseTarget(req);
      if (!url) return plain(res, 400, 'Bad request: the request target is not a valid URL.');
      if (isEngineIo(url, req) && !allowOrigin(req)) return forbidden(res);
      for (const listener of requestListeners) listener.call(server, req, res);
    } catch (err) {
      failed('request', req, err);
      if (!res.headersSent) plain(res, 500, 'The server could not handle that request.');
      else res.destroy();
    }
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not become an unhandled 'error' event.
    socket.on('error', () => socket.destroy());
    try {
      const url = parseTarget(req);
      if (!url) return refuseUpgrade(socket, 400, 'Bad Request');
      if (!allowOrigin(req)) return refuseUpgrade(socket, 403, 'Forbidden');
      for (const listener of upgradeListeners) listener.call(server, req, socket, head);
    } catch (err) {
      failed('upgrade', req, err);
      refuseUpgrade(socket, 500, 'Internal Server Error');
    }
  });

  // Malformed request lines and headers never reach 'request': Node's parser reports them here.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) return void socket.destroy();
    const status =
      err.code === 'HPE_HEADER_OVERFLOW'
        ? '431 Request Header Fields Too Large'
        : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? '408 Request Timeout'
          : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text + '\n');
}

/** Engine.IO's own shape for a refused handshake, so socket.io-client reports it like any other refusal. */
function forbidden(res: ServerResponse): void {
  res.writeHead(403, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ code: 4, message: 'Forbidden: this page may not connect to this demo server.' }));
}

function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  else socket.destroy();
}
