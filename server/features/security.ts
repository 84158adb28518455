// security:* — the "Securing a real-time connection" lab. It runs a Socket.IO Server of its own on SECURE_PATH
// (as the missed-events lab does), because what it demonstrates is server-wide or namespace-wide and must not
// touch other widgets: an Origin check in allowRequest, a small maxHttpBufferSize, a token-checking middleware
// on "/private", and a tight per-socket rate limit. Traffic is per socket (every answer goes to its sender
// only), so no learner sees another's tokens, probes or messages.
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import {
  FOREIGN_ORIGIN,
  PRIVATE_NAMESPACE,
  SECURE_PATH,
  type AuthErrorData,
  type IssuedToken,
  type OriginAttempt,
  type OriginProbeReport,
} from '../../src/contract/index.ts';
import type { Limits } from '../config.ts';
import { createDispatcher, type DispatcherOptions } from '../dispatch.ts';
import { UserError } from '../errors.ts';
import type { DemoServer, DemoSocket, EventSpecs, Feature, FeatureContext } from '../feature.ts';
import type { Logger } from '../log.ts';
import { securitySchemas } from '../schemas/security.ts';
import { originGate, type OriginGate } from './security-origin.ts';
import { probeOrigin, type ProbeTarget } from './security-probe.ts';
import { createTokenIssuer, type TokenIssuer } from './security-tokens.ts';

type SecureNamespace = ReturnType<DemoServer['of']>;

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

// ---- handler bodies (kept apart from the wiring, so they move to a dispatcher as they are) ----

function issueToken(deps: LabDeps, payload: { name: string; seconds: number }): IssuedToken {
  const { token, claims } = deps.issuer.issue(payload.name, payload.seconds);
  return { token, tokenId: claims.jti, name: claims.sub, issuedAt: claims.iat, expiresAt: claims.exp };
}

async function runProbe(deps: LabDeps, socket: DemoSocket): Promise<OriginProbeReport> {
  if (deps.probes.running >= deps.limits.securityMaxProbes) {
    throw new UserError('The server is busy running other probes. Try again in a moment.', 'server-full');
  }
  const rawHost = socket.handshake.headers.host;
  const host = typeof rawHost === 'string' && HOST_HEADER.test(rawHost) ? rawHost : undefined;
  const target = deps.probeTarget(host);
  if (!target) throw new UserError('The server does not know its own address yet.', 'internal');
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
  return (socket: DemoSocket, next: (err?: Error) => void) => {
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
function expireOnTime(socket: DemoSocket, ctx: FeatureContext): void {
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

function lobbyEvents(deps: LabDeps): EventSpecs {
  return {
    'security:token': { schema: deps.schemas.token, fn: (_socket, payload) => issueToken(deps, payload) },
    'security:probe': { schema: deps.schemas.probe, fn: (socket) => runProbe(deps, socket) },
  };
}

function privateEvents(deps: LabDeps): EventSpecs {
  return {
    'security:echo': { schema: deps.schemas.echo, fn: (_socket, { text }) => ({ bytes: Buffer.byteLength(text) }) },
    'security:ping': { schema: deps.schemas.ping, fn: (_socket, { n }) => ({ n }) },
  };
}

function welcome(socket: DemoSocket, deps: LabDeps): void {
  const { securityMaxPayloadBytes, securityEventsPerSecond, securityEventBurst } = deps.limits;
  socket.emit('security:welcome', {
    name: socket.data.name!,
    tokenId: socket.data.tokenId!,
    expiresAt: socket.data.expiresAt!,
    limits: {
      maxPayloadBytes: securityMaxPayloadBytes,
      eventsPerSecond: securityEventsPerSecond,
      eventBurst: securityEventBurst,
    },
  });
}

// ---- wiring: one dispatcher per namespace, with the lab's own (tighter) per-socket rate limit ----

function wire(lobby: SecureNamespace, priv: SecureNamespace, deps: LabDeps, ctx: FeatureContext): void {
  const options: DispatcherOptions = {
    limits: {
      eventsPerSecond: deps.limits.securityEventsPerSecond,
      eventBurst: deps.limits.securityEventBurst,
      // The site-wide rules for cutting off a socket that keeps being refused apply here too.
      maxRefusals: deps.limits.maxRefusals,
      refusalWindowMs: deps.limits.refusalWindowMs,
      labErrorIntervalMs: deps.limits.labErrorIntervalMs,
      rejoinHoldMs: deps.limits.rejoinHoldMs,
      maxHeldEvents: deps.limits.maxHeldEvents,
    },
    clock: ctx.clock,
    logger: ctx.logger,
  };
  const lobbyDispatcher = createDispatcher(lobbyEvents(deps), options);
  const privateDispatcher = createDispatcher(privateEvents(deps), options);
  lobby.on('connection', (socket: DemoSocket) => lobbyDispatcher.attach(socket));
  priv.use(requireToken(deps));
  priv.on('connection', (socket: DemoSocket) => {
    privateDispatcher.attach(socket);
    expireOnTime(socket, ctx);
    welcome(socket, deps);
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
  const secure: DemoServer = new Server(ctx.httpServer, {
    path: SECURE_PATH,
    serveClient: false,
    destroyUpgrade: false,
    ...ctx.scale.serverOptions('secure'),
    maxHttpBufferSize: ctx.limits.securityMaxPayloadBytes,
    // CORS headers only for listed cross-origin pages; the page's own origin needs none.
    ...(origins.allowed.length ? { cors: { origin: [...origins.allowed] } } : {}),
    allowRequest(req, callback) {
      const origin = req.headers.origin;
      if (!origins.allows(origin, req.headers.host)) return callback(`Origin ${origin} is not allowed here`, false);
      const refusal = counter.refusal(ctx.engineAdmission.clientAddress(req));
      if (refusal) return callback(refusal, false);
      callback(null, true);
    },
  });
  ctx.engineAdmission.attach(secure);
  secure.engine.on('connection', (conn: { remoteAddress?: string; once(e: 'close', f: () => void): void }) => {
    const address = conn.remoteAddress ?? '?';
    counter.opened(address);
    conn.once('close', () => counter.closed(address));
  });

  wire(secure.of('/'), secure.of(PRIVATE_NAMESPACE), deps, ctx);

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
  // No events on the main Server: the lab's traffic all goes to its own.
};
