// The Origin probe: a browser page cannot forge its own Origin header, so on the learner's request the server
// attacks itself. It sends one Engine.IO polling handshake (a plain HTTP GET) and one socket.io-client WebSocket
// connection to its own port, each with a chosen Origin, and reports exactly what came back.
import { request } from 'node:http';
import { io } from 'socket.io-client';
import type { OriginAttempt } from '../../src/contract/security.ts';

export interface ProbeTarget {
  /** Where the server itself listens (loopback when it listens on every address). */
  address: string;
  port: number;
  /** The Host header to send: the one the learner's page used, so "same origin" means the same thing. */
  host: string;
  path: string;
  timeoutMs: number;
}

const BODY_LIMIT = 300;

export async function probeOrigin(target: ProbeTarget, origin: string): Promise<OriginAttempt[]> {
  return [await pollingHandshake(target, origin), await websocketConnect(target, origin)];
}

function pollingHandshake(target: ProbeTarget, origin: string): Promise<OriginAttempt> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: target.address,
        port: target.port,
        path: `${target.path}/?EIO=4&transport=polling`,
        headers: { host: target.host, origin },
        timeout: target.timeoutMs,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (body.length < BODY_LIMIT) body += chunk;
        });
        res.on('end', () => {
          const allowOrigin = res.headers['access-control-allow-origin'];
          const status = res.statusCode ?? 0;
          resolve({
            origin,
            transport: 'polling',
            outcome: status === 200 ? 'accepted' : 'refused',
            status,
            // An accepted handshake's body holds a live session id: say what it is, do not hand it out.
            body: status === 200 ? describeOpen(body) : body.slice(0, BODY_LIMIT),
            allowOrigin: typeof allowOrigin === 'string' ? allowOrigin : null,
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (err) => resolve({ origin, transport: 'polling', outcome: 'refused', error: err.message }));
    req.end();
  });
}

/** "0{"sid":…,"upgrades":["websocket"],…}" → the open packet with its session id blanked. */
function describeOpen(body: string): string {
  return body.replace(/"sid":"[^"]*"/, '"sid":"…"').slice(0, BODY_LIMIT);
}

function websocketConnect(target: ProbeTarget, origin: string): Promise<OriginAttempt> {
  return new Promise((resolve) => {
    const socket = io(`http://${target.address}:${target.port}`, {
      path: target.path,
      transports: ['websocket'],
      extraHeaders: { host: target.host, origin },
      reconnection: false,
      forceNew: true,
      timeout: target.timeoutMs,
    });
    const done = (attempt: OriginAttempt) => {
      socket.close();
      resolve(attempt);
    };
    socket.once('connect', () => done({ origin, transport: 'websocket', outcome: 'accepted' }));
    socket.once('connect_error', (err: Error & { description?: unknown }) => {
      const description = describeCause(err.description);
      const status = /\b([1-5]\d\d)\b/.exec(description ?? '')?.[1];
      done({
        origin,
        transport: 'websocket',
        outcome: 'refused',
        error: err.message,
        ...(description ? { description } : {}),
        ...(status ? { status: Number(status) } : {}),
      });
    });
  });
}

function describeCause(cause: unknown): string | undefined {
  if (!cause) return undefined;
  if (cause instanceof Error) return cause.message;
  const nested = (cause as { error?: unknown; message?: unknown }).error ?? (cause as { message?: unknown }).message;
  if (nested instanceof Error) return nested.message;
  return typeof nested === 'string' ? nested : undefined;
}
