// Starts the real demo server on a random port and connects real socket.io-client sockets to it.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { io as connect, type Socket } from 'socket.io-client';
import { createDemoServer, type DemoServerOptions, type DemoServerHandle } from '../../server/app.ts';
import { silentLogger } from '../../server/log.ts';
import { ManualClock } from '../../server/clock.ts';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '../../src/contract/index.ts';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface TestServer {
  url: string;
  demo: DemoServerHandle;
  connect(options?: Parameters<typeof connect>[1]): Promise<TestSocket>;
  close(): Promise<void>;
}

export async function startTestServer(options: DemoServerOptions = {}): Promise<TestServer> {
  // The features' HTTP routes are served too (Socket.IO takes its own path before this handler sees it).
  const http = createServer((req, res) => {
    if (!demo.http(req, res)) res.writeHead(404).end();
  });
  const demo = createDemoServer(http, { logger: silentLogger, ...options });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const sockets: TestSocket[] = [];
  return {
    url,
    demo,
    connect: (opts) => connectTestSocket(url, sockets, opts),
    async close() {
      for (const s of sockets) s.disconnect();
      await demo.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/**
 * One real socket.io-client socket to `url` (WebSocket only, no reconnection unless asked), remembered in
 * `sockets` so the test's teardown can disconnect it; resolves once connected, rejects on connect_error.
 */
export async function connectTestSocket(
  url: string,
  sockets: TestSocket[],
  options?: Parameters<typeof connect>[1],
): Promise<TestSocket> {
  const socket: TestSocket = connect(url, {
    forceNew: true,
    transports: ['websocket'],
    reconnection: false,
    ...options,
  });
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

/** Resolves with the first `event` whose payload passes `pred` (events before the call are missed). */
export function until<T>(socket: TestSocket, event: string, pred: (v: T) => boolean, ms = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const s = socket as unknown as { on(e: string, f: (v: T) => void): void; off(e: string, f: (v: T) => void): void };
    const timer = setTimeout(() => reject(new Error(`no matching "${event}" within ${ms} ms`)), ms);
    const f = (v: T) => {
      if (!pred(v)) return;
      clearTimeout(timer);
      s.off(event, f);
      resolve(v);
    };
    s.on(event, f);
  });
}

/** emitWithAck, typed loosely so tests can also send malformed payloads on purpose. */
export function ask<T = unknown>(socket: TestSocket, event: string, ...args: unknown[]): Promise<AckResult<T>> {
  return (
    socket as unknown as { timeout(ms: number): { emitWithAck(e: string, ...a: unknown[]): Promise<AckResult<T>> } }
  )
    .timeout(2000)
    .emitWithAck(event, ...args);
}

/** Resolves with the next `event` the socket receives, or rejects after `ms`. */
export function next<T = unknown>(socket: TestSocket, event: string, ms = 2000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "${event}" within ${ms} ms`)), ms);
    (socket as unknown as { once(e: string, f: (v: T) => void): void }).once(event, (value: T) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}

/** Collects every `event` a socket receives, for asserting that something did NOT arrive. */
export function collect<T = unknown>(socket: TestSocket, event: string): T[] {
  const seen: T[] = [];
  (socket as unknown as { on(e: string, f: (v: T) => void): void }).on(event, (value: T) => seen.push(value));
  return seen;
}

/** A round trip through the server: when it resolves, everything sent before it has been processed. */
export async function settle(socket: TestSocket): Promise<void> {
  await ask(socket, 'lab:join', { labId: 'xxxxxxxx', name: 'probe' });
}

export const fakeClock = (start = 1_000_000) => new ManualClock(start);
