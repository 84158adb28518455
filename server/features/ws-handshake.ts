// ws:handshake — the real opening handshake of this connection's WebSocket. The `ws` library emits 'headers'
// with the array of response lines it is about to join and write to the TCP socket; we keep a reference to
// that very array (keyed by the TCP socket) and read it after it was written, so what we report is what was sent.
import type { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Socket as NetSocket } from 'node:net';
import type { HttpHead, WsHandshake } from '../../src/contract/index.ts';
import { EmptySchema } from '../schemas/common.ts';
import { UserError } from '../errors.ts';
import type { Feature } from '../feature.ts';
import { tcpOf } from './tcp.ts';

interface Captured {
  request: IncomingMessage;
  /** ws's own array: status line first, then "Name: value" lines. */
  responseLines: string[];
}

/** One capture per TCP connection; entries go away with their socket. */
const captures = new WeakMap<NetSocket, Captured>();

const CRLF = 2;

/** The head of an HTTP message from its first line and header pairs, with its size in bytes as sent. */
export function httpHead(startLine: string, headers: Array<[string, string]>): HttpHead {
  let bytes = Buffer.byteLength(startLine) + CRLF + CRLF; // start line, and the blank line that ends the head
  for (const [name, value] of headers) bytes += Buffer.byteLength(`${name}: ${value}`) + CRLF;
  return { startLine, headers, bytes };
}

export function requestHead(req: IncomingMessage): HttpHead {
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) pairs.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return httpHead(`${req.method} ${req.url} HTTP/${req.httpVersion}`, pairs);
}

function responseHead(lines: string[]): HttpHead {
  const [status = '', ...rest] = lines;
  const pairs = rest.map((line): [string, string] => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon), line.slice(colon + 1).trim()];
  });
  return httpHead(status, pairs);
}

export const wsHandshakeFeature: Feature = {
  name: 'ws-handshake',
  setup(ctx) {
    // Engine.IO's own WebSocket server (the `ws` package). Engine.IO makes a new one when the http.Server starts
    // listening, so hook the current one now and the new one then (our 'listening' listener runs after Engine.IO's).
    const hooked = new WeakSet<EventEmitter>();
    const hook = () => {
      const ws = (ctx.io.engine as unknown as { ws?: EventEmitter }).ws;
      if (!ws || hooked.has(ws)) return;
      hooked.add(ws);
      ws.on('headers', (lines: string[], req: IncomingMessage) => {
        captures.set(req.socket, { request: req, responseLines: lines });
      });
    };
    hook();
    ctx.httpServer.on('listening', hook);
  },
  events: () => ({
    'ws:handshake': {
      schema: EmptySchema,
      fn(socket): WsHandshake {
        const tcp = tcpOf(socket);
        const captured = tcp ? captures.get(tcp) : undefined;
        if (!captured || socket.conn.transport.name !== 'websocket') {
          throw new UserError(
            `This connection is using ${socket.conn.transport.name}, not a WebSocket, so it had no WebSocket handshake.`,
          );
        }
        return { request: requestHead(captured.request), response: responseHead(captured.responseLines) };
      },
    },
  }),
};
