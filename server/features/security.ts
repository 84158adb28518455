// security:* — the "Securing a real-time connection" lab. It runs a Socket.IO Server of its own on SECURE_PATH
// (as the missed-events lab does), because what it demonstrates is server-wide or namespace-wide and must not
// touch other widgets: an Origin check in allowRequest, a small maxHttpBufferSize, a token-checking middleware
// on "/private", and a tight per-socket rate limit. Traffic is per socket (every answer goes to its sender
// only), so no learner sees another's tokens, probes or messages.
import type { AddressInfo } from 'node:net';
import { Server, type Namespace, type Socket } from 'socket.io';
import type { Limits } from '../config.ts';
import { UserError } from '../errors.ts';
import type { Feature, FeatureContext } from '../feature.ts';
import { handle } from '../handle.ts';
import type { Logger } from '../log.ts';
import { TokenBucket } from '../rate-limit.ts';
import {
  FOREIGN_ORIGIN,
  PRIVATE_NAMESPACE,
  SECURE_PATH,
  type AuthErrorData,
  type IssuedToken,
  type OriginAttempt,
  type OriginProbeReport,
  type SecureClientEvents,
  type SecureServerEvents,
} from '../../src/contract/security.ts';
import { originGate, type OriginGate } from './security-origin.ts';
import { probeOrigin, type ProbeTarget } from './security-probe.ts';
import { securitySchemas } from './security-schemas.ts';
import { createTokenIssuer, type TokenIssuer } from './security-tokens.ts';

interface SecureData {
  name?: string;
  tokenId?: string;
  expiresAt?: number;
}
type SecureServer = Server<SecureClientEvents, SecureServerEvents, Record<string, never>, SecureData>;
type SecureSocket = Socket<SecureClientEvents, SecureServerEvents, Record<string, never>, SecureData>;
type SecureNamespace = Namespace<SecureClientEvents, SecureServerEvents, Record<string, never>, SecureData>;

/** How long one probe attempt may take before it counts as failed. */
const PROBE_TIMEOUT_MS = 3000;
const HOST_HEADER = /^(?:[A-Za-z0-9.-]{1,253}|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

interface LabDeps {
  limits: Limits;
  logger: Logger;
  issuer: TokenIssuer;
  schemas: ReturnType<typeof securitySchemas>;
  origins: OriginGate;
  probeTarget(host: string | undefined): ProbeTarget | undefined;
  probes: { running: number };
}

/** Per-address and global caps on the lab's Engine.IO connections, counted as they open and close. */
function connectionCounter(limits: Limits) {
  const perAddress = new Map<string, number>();
  let total = 0;
  return {
    refusal(address: string): string | undefined {
      if (total >= limits.securityMaxConnections) return 'The security lab is full. Try again in a minute.';
      if ((perAddress.get(address) ?? 0) >= limits.securityMaxConnectionsPerAddress) {
        return 'Too many security-lab connections from your address.';
      }
      return undefined;
    },
    opened(address: string) {
      total++;
      perAddress.set(address, (perAddress.get(address) ?? 0) + 1);
    },
    closed(address: string) {
      total--;
      const n = (perAddress.get(address) ?? 1) - 1;
      if (n <= 0) perAddress.delete(address);
      else perAddress.set(address, n);
    },
  };
}

/** Events beyond the socket's own bucket are answered { ok: false, code: 'rate-limited' }; the socket stays. */
function limitRate(socket: SecureSocket, deps: LabDeps, ctx: FeatureContext): void {
  const { securityEventsPerSecond: rate, securityEventBurst: burst } = deps.limits;
  const bucket = new TokenBucket(rate, burst, ctx.clock);
  socket.use((packet, next) => {
    if (bucket.take()) return next();
    const ack = packet[packet.length - 1];
    const error = `Too many events: this lab allows ${rate} a second (bursts of ${burst}).`;
    if (typeof ack === 'function') ack({ ok: false, error, code: 'rate-limited' });
  });
}

function register<S extends Parameters<typeof handle>[1]>(
  socket: SecureSocket,
  deps: LabDeps,
  event: keyof SecureClientEvents,
  schema: S,
  fn: Parameters<typeof handle<S, unknown>>[2],
): void {
  (socket as unknown as { on(e: string, f: (...a: unknown[]) => void): void }).on(
    event,
    handle(event, schema, fn, { logger: deps.logger, onNoAck: () => {} }),
  );
}

// ---- handler bodies (kept apart from the wiring, so they move to a dispatcher as they are) ----

function issueToken(deps: LabDeps, payload: { name: string; seconds: number }): IssuedToken {
  const { token, claims } = deps.issuer.issue(payload.name, payload.seconds);
  return { token, tokenId: claims.jti, name: claims.sub, issuedAt: claims.iat, expiresAt: claims.exp };
}

async function runProbe(deps: LabDeps, socket: SecureSocket): Promise<OriginProbeReport> {
  if (deps.probes.running >= deps.limits.securityMaxProbes) {
    throw new UserError('The server is busy running other probes. Try again in a moment.');
  }
  const rawHost = socket.handshake.headers.host;
  const host = typeof rawHost === 'string' && HOST_HEADER.test(rawHost) ? rawHost : undefined;
  const target = deps.probeTarget(host);
  if (!target) throw new UserError('The server does not know its own address yet.');
  const sent = socket.handshake.headers.origin;
  const pageOrigin = typeof sent === 'string' && deps.origins.allows(sent, host) ? sent : null;
  deps.probes.running++;
  try {
    const attempts: OriginAttempt[] = [
      ...(await probeOrigin(target, FOREIGN_ORIGIN)),
      ...(await probeOrigin(target, pageOrigin ?? `http://${target.host}`)),
    ];
    return { pageOrigin, attempts };
  } finally {
    deps.probes.running--;
  }
}

/** The "/private" middleware: no valid token, no connection; the client gets connect_error with err.data. */
function requireToken(deps: LabDeps) {
  return (socket: SecureSocket, next: (err?: Error) => void) => {
    const auth = socket.handshake.auth as { token?: unknown } | undefined;
    const verdict = deps.issuer.verify(auth?.token);
    if (!verdict.ok) {
      const err = new Error(verdict.message) as Error & { data?: AuthErrorData };
      err.data = { code: verdict.code, ...(verdict.expiredAt ? { expiredAt: verdict.expiredAt } : {}) };
      return next(err);
    }
    socket.data.name = verdict.claims.sub;
    socket.data.tokenId = verdict.claims.jti;
    socket.data.expiresAt = verdict.claims.exp;
    next();
  };
}

/** A token is checked once, at the handshake: so the server itself ends the session when the token runs out. */
function expireOnTime(socket: SecureSocket, ctx: FeatureContext): void {
  const { tokenId, expiresAt } = socket.data;
  if (!tokenId || !expiresAt) return;
  const timer = setTimeout(
    () => {
      socket.emit('security:expired', { tokenId, expiredAt: expiresAt });
      socket.disconnect(true);
    },
    Math.max(0, expiresAt - ctx.clock.now()),
  );
  timer.unref?.();
  socket.once('disconnect', () => clearTimeout(timer));
}

// ---- wiring ----

function wireLobby(lobby: SecureNamespace, deps: LabDeps, ctx: FeatureContext): void {
  lobby.on('connection', (socket: SecureSocket) => {
    limitRate(socket, deps, ctx);
    register(socket, deps, 'security:token', deps.schemas.token, (p) => issueToken(deps, p));
    register(socket, deps, 'security:probe', deps.schemas.probe, () => runProbe(deps, socket));
  });
}

function wirePrivate(nsp: SecureNamespace, deps: LabDeps, ctx: FeatureContext): void {
  nsp.use(requireToken(deps));
  nsp.on('connection', (socket: SecureSocket) => {
    limitRate(socket, deps, ctx);
    expireOnTime(socket, ctx);
    register(socket, deps, 'security:echo', deps.schemas.echo, ({ text }) => ({ bytes: Buffer.byteLength(text) }));
    register(socket, deps, 'security:ping', deps.schemas.ping, ({ n }) => ({ n }));
    const {
      securityMaxPayloadBytes: maxPayloadBytes,
      securityEventsPerSecond: eventsPerSecond,
      securityEventBurst: eventBurst,
    } = deps.limits;
    socket.emit('security:welcome', {
      name: socket.data.name!,
      tokenId: socket.data.tokenId!,
      expiresAt: socket.data.expiresAt!,
      limits: { maxPayloadBytes, eventsPerSecond, eventBurst },
    });
  });
}

function setup(ctx: FeatureContext): void {
  const origins = originGate();
  const counter = connectionCounter(ctx.limits);
  const deps: LabDeps = {
    limits: ctx.limits,
    logger: ctx.logger,
    issuer: createTokenIssuer(ctx.clock),
    schemas: securitySchemas(ctx.limits),
    origins,
    probes: { running: 0 },
    probeTarget(host) {
      const address = ctx.httpServer.address() as AddressInfo | string | null;
      if (!address || typeof address === 'string') return undefined;
      const loopback = address.family === 'IPv6' ? '::1' : '127.0.0.1';
      const own = address.address === '0.0.0.0' || address.address === '::' ? loopback : address.address;
      const shown = own.includes(':') ? `[${own}]` : own;
      return {
        address: own,
        port: address.port,
        host: host ?? `${shown}:${address.port}`,
        path: SECURE_PATH,
        timeoutMs: PROBE_TIMEOUT_MS,
      };
    },
  };

  // destroyUpgrade: false, or this engine would kill upgrades meant for the other Servers on the http.Server.
  const secure: SecureServer = new Server(ctx.httpServer, {
    path: SECURE_PATH,
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: ctx.limits.securityMaxPayloadBytes,
    // CORS headers only for listed cross-origin pages; the page's own origin needs none.
    ...(origins.allowed.length ? { cors: { origin: [...origins.allowed] } } : {}),
    allowRequest(req, callback) {
      const origin = req.headers.origin;
      if (!origins.allows(origin, req.headers.host)) return callback(`Origin ${origin} is not allowed here`, false);
      const refusal = counter.refusal(req.socket.remoteAddress ?? '?');
      if (refusal) return callback(refusal, false);
      callback(null, true);
    },
  });
  secure.engine.on('connection', (conn: { remoteAddress?: string; once(e: 'close', f: () => void): void }) => {
    const address = conn.remoteAddress ?? '?';
    counter.opened(address);
    conn.once('close', () => counter.closed(address));
  });

  wireLobby(secure.of('/'), deps, ctx);
  wirePrivate(secure.of(PRIVATE_NAMESPACE), deps, ctx);

  ctx.onClose(() => {
    // Not secure.close(): that would also close the shared http.Server, which belongs to the caller.
    for (const nsp of [secure.of('/'), secure.of(PRIVATE_NAMESPACE)]) {
      for (const socket of nsp.sockets.values()) socket.disconnect(true);
      nsp.adapter.close();
    }
    secure.engine.close();
  });
}

export const securityFeature: Feature = {
  name: 'security',
  setup,
  // Nothing on the main Server: the lab's traffic all goes to its own.
  connection() {},
};
