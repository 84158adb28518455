// missed:* — the missed-events lab. The server streams numbered events into each lab; clients subscribe live,
// optionally replaying from the offset log first; the server can cut a socket's transport (an unexpected
// disconnect); clients send events up with acknowledgements, which the server may "lose" once, and dedupes with
// an idempotency store when asked. A second Socket.IO server on RECOVERY_PATH has connectionStateRecovery on,
// because that is a server-wide option: the same handlers serve both.
import { randomUUID } from 'node:crypto';
import { Server } from 'socket.io';
import {
  MISSED_DEFAULT_RATE,
  RECOVERY_PATH,
  type EffectEvent,
  type MissedStatus,
  type OrderReceipt,
  type StreamEvent,
} from '../../src/contract/index.ts';
import { createDispatcher, holdEventsUntil, labHooks } from '../dispatch.ts';
import { EmptySchema } from '../schemas/common.ts';
import { HandshakeLabSchema, missedSchemas } from '../schemas/missed-events.ts';
import type { DemoServer, DemoSocket, Feature, FeatureContext } from '../feature.ts';
import { labRoom } from '../labs.ts';
import {
  InMemoryIdempotencyStore,
  RedisIdempotencyStore,
  type IdempotencyStore,
  type RedisLike,
} from '../store/idempotency.ts';
import { InMemoryOffsetLog } from '../store/in-memory-offset-log.ts';
import type { OffsetLog } from '../store/offset-log.ts';
import { RedisOffsetLog } from '../store/redis-offset-log.ts';
import { RedisStreamSettings } from '../store/redis-stream-settings.ts';
import { RedisLeases } from '../scale/lease.ts';
import { UserError } from '../errors.ts';
import { TokenBucket } from '../rate-limit.ts';
import { guardSlowReaders } from '../slow-readers.ts';
import { enterLab, labsFeature } from './labs.ts';
import { logStream, MissedStreams, type SharedStreamDeps, type StoredEvent } from './missed-stream.ts';
import { markReplayed, sendLive, streamRoom, watchLive } from './missed-live.ts';
import { requireLab } from './require-lab.ts';

export { streamRoom };

interface MissedState {
  streams: MissedStreams;
  log: OffsetLog<StoredEvent>;
  /** One idempotency store per lab, each with its own cap: no lab can evict another's keys. */
  keys: Map<string, IdempotencyStore<OrderReceipt>>;
  recovery: DemoServer;
  /** Replays a socket may still ask for (replaysPerSecond). */
  replays: WeakMap<DemoSocket, TokenBucket>;
}

/** The quota key of a lab's stream in ClientQuotas. */
const streamQuotaKey = (labId: string) => `missed:${labId}`;

function keysOf(ctx: FeatureContext, state: MissedState, labId: string): IdempotencyStore<OrderReceipt> {
  let store = state.keys.get(labId);
  if (!store) {
    const { labIdleMs: ttlMs, idempotencyKeysPerLab: maxKeys } = ctx.limits;
    const options = { clock: ctx.clock, ttlMs, maxKeys };
    // On a shared Redis a retry that reaches another node is still recognised.
    const redis = ctx.scale.redis?.client as RedisLike | undefined;
    store = redis
      ? new RedisIdempotencyStore<OrderReceipt>({ ...options, redis, prefix: ctx.scale.key('idem', labId) })
      : new InMemoryIdempotencyStore<OrderReceipt>(options);
    state.keys.set(labId, store);
  }
  return store;
}

const states = new WeakMap<FeatureContext, MissedState>();

/** Each demo server's recovery server, by its main Socket.IO server (for tests and health numbers). */
export const recoveryServers = new WeakMap<DemoServer, DemoServer>();

/**
 * The servers with a socket in `room`. The recovery server is skipped when none of its sockets is there: its
 * connection state recovery keeps a copy of every packet it broadcasts, so an emit nobody needs still costs memory.
 */
function servers(ctx: FeatureContext, state: MissedState, room: string): DemoServer[] {
  // With many nodes, the recovery sockets in the room may all be on other nodes: the adapter carries it there.
  if (ctx.scale.redis) return [ctx.io, state.recovery];
  return state.recovery.of('/').adapter.rooms.get(room)?.size ? [ctx.io, state.recovery] : [ctx.io];
}

function broadcastStatus(ctx: FeatureContext, state: MissedState, labId: string, status: MissedStatus): void {
  const room = labRoom(labId);
  for (const io of servers(ctx, state, room)) io.to(room).emit('missed:status', status);
}

/** The log every node replays from: in Redis Streams with many nodes, else in this process. */
function offsetLog(ctx: FeatureContext): OffsetLog<StoredEvent> {
  const { historyPerLab: maxEntries, labIdleMs: maxAgeMs } = ctx.limits;
  const { redis, key } = ctx.scale;
  if (redis) return new RedisOffsetLog({ redis, clock: ctx.clock, key: (s) => key('log', s), maxEntries, maxAgeMs });
  return new InMemoryOffsetLog({ clock: ctx.clock, maxEntries, maxStreams: ctx.limits.maxLabs, maxAgeMs });
}

/**
 * With many nodes: switches in Redis, one lease per lab. `empty` holds the labs a holder has checked, across
 * every node, and found nobody in: only those stop (a node that merely has no member of the lab keeps going).
 */
function sharedStreams(
  ctx: FeatureContext,
  recovery: () => DemoServer,
  empty: Set<string>,
): SharedStreamDeps | undefined {
  const { redis, key, nodeId } = ctx.scale;
  if (!redis) return undefined;
  const { leaseTtlMs: ttlMs, leaseRenewMs: renewMs, labIdleMs } = ctx.limits;
  return {
    settings: new RedisStreamSettings(redis, key, labIdleMs),
    leases: new RedisLeases(redis, nodeId, ttlMs, (labId) => key('lease', 'missed', labId)),
    ttlMs,
    renewMs,
    logger: ctx.logger,
    knownHere: (labId) => ctx.labs.get(labId) !== undefined,
    renewed(labId) {
      if (ctx.labs.get(labId)?.members.size) return void empty.delete(labId);
      const room = labRoom(labId);
      Promise.all([ctx.io, recovery()].map((io) => io.in(room).fetchSockets())).then(
        (found) => (found.some((sockets) => sockets.length > 0) ? empty.delete(labId) : empty.add(labId)),
        () => undefined, // a node did not answer in time: keep the last answer
      );
    },
  };
}

function setup(ctx: FeatureContext): void {
  const log = offsetLog(ctx);
  const emptyEverywhere = new Set<string>();
  const keys = new Map<string, IdempotencyStore<OrderReceipt>>();

  // connectionStateRecovery is an option of the whole Server, so the lab gets a Server of its own on its own path,
  // sharing the http.Server. destroyUpgrade: false, or this engine would kill upgrades meant for the other one
  // (and Vite's HMR socket in dev).
  const recovery: DemoServer = new Server(ctx.httpServer, {
    path: RECOVERY_PATH,
    serveClient: false,
    destroyUpgrade: false,
    ...ctx.scale.serverOptions('recovery'),
    maxHttpBufferSize: ctx.limits.maxPayloadBytes,
    connectionStateRecovery: { maxDisconnectionDuration: ctx.limits.missedRecoveryWindowMs, skipMiddlewares: true },
  });

  recoveryServers.set(ctx.io, recovery);
  ctx.engineAdmission.attach(recovery);
  ctx.onClose(guardSlowReaders(recovery, ctx.limits.maxUnsentBytes, ctx.logger));
  const replays = new WeakMap<DemoSocket, TokenBucket>();
  const state: MissedState = { log, keys, recovery, replays, streams: undefined as unknown as MissedStreams };
  state.streams = new MissedStreams(
    {
      clock: ctx.clock,
      log,
      maxRate: ctx.limits.missedMaxRate,
      send(labId: string, event: StreamEvent) {
        sendLive(servers(ctx, state, streamRoom(labId)), labId, event);
      },
      stopped: (labId) => ctx.clients.stopStream(streamQuotaKey(labId)),
      presence(labId: string) {
        const lab = ctx.labs.get(labId);
        if (ctx.scale.redis) {
          // Another node may hold the lab and its members: never 'gone' (the shared log expires by itself).
          if (lab?.members.size) return 'busy';
          return emptyEverywhere.has(labId) ? 'empty' : 'busy';
        }
        if (!lab) return 'gone';
        return lab.members.size > 0 ? 'busy' : 'empty';
      },
      shared: sharedStreams(ctx, () => state.recovery, emptyEverywhere),
    },
    MISSED_DEFAULT_RATE,
  );
  states.set(ctx, state);

  // The recovery server runs the labs handlers and this feature, nothing else, through its own dispatcher
  // (same rate limit, same answers).
  const own = [labsFeature, missedEventsFeature];
  const recoveryCtx: FeatureContext = { ...ctx, io: recovery, enteredLab: labHooks(() => recoveryCtx, own) };
  states.set(recoveryCtx, state);
  const specs = Object.assign({}, ...own.map((f) => f.events?.(recoveryCtx) ?? {}));
  const dispatcher = createDispatcher(specs, ctx);
  recovery.use(ctx.admission);
  recovery.on('connection', (socket: DemoSocket) => {
    dispatcher.attach(socket);
    rejoinFromHandshake(socket, recoveryCtx);
  });

  // A lab that expired takes its stream, its keys' counters and its log with it.
  const sweep = setInterval(() => {
    state.streams.sweep();
    for (const labId of keys.keys()) if (!ctx.labs.get(labId)) keys.delete(labId);
  }, ctx.limits.sweepIntervalMs);
  sweep.unref();

  ctx.onClose(async () => {
    clearInterval(sweep);
    await state.streams.close();
    // Not recovery.close(): that would also close the shared http.Server, which belongs to the caller.
    const nsp = recovery.of('/');
    for (const socket of nsp.sockets.values()) socket.disconnect(true);
    nsp.adapter.close();
    recovery.engine.close();
  });
}

/**
 * A client that puts { labId, name } in its handshake `auth` is back in its lab before any of its packets are
 * handled. That matters for emits it buffered while offline: Socket.IO flushes them the moment it reconnects,
 * before the page's own "connect" handler can send lab:join.
 */
function rejoinFromHandshake(socket: DemoSocket, ctx: FeatureContext): void {
  // A socket restored by connection state recovery has its rooms and data back, but its disconnect took it off
  // the lab's roster: put it back, or the lab would count it out (and could expire under it).
  if (socket.recovered && socket.data.labId) {
    // The lab expired while it was away: its next lab event is answered with unknown-lab.
    rejoin(socket, () => enterLab(ctx, socket, socket.data.labId!, socket.data.name ?? '?'));
    return;
  }
  // Most connections carry no lab in their handshake: skip the schema for them (a cheap own-property check).
  const raw: unknown = socket.handshake.auth;
  if (socket.data.labId || !raw || typeof raw !== 'object' || !Object.hasOwn(raw, 'labId')) return;
  const auth = HandshakeLabSchema.safeParse(raw);
  if (!auth.success) return;
  // The lab expired or is full: the client's lab:join will say so.
  rejoin(socket, () => enterLab(ctx, socket, auth.data.labId, auth.data.name, auth.data.secret));
}

/** Runs a rejoin; when it is asynchronous (labs shared in Redis), the socket's events wait until it is done. */
function rejoin(socket: DemoSocket, enter: () => unknown): void {
  try {
    const result = enter();
    if (result instanceof Promise) holdEventsUntil(socket, result);
  } catch {
    // Refused synchronously: nothing to wait for.
  }
}

export const missedEventsFeature: Feature = {
  name: 'missed-events',
  setup,
  connection: rejoinFromHandshake,
  events(ctx) {
    const state = states.get(ctx);
    if (!state) return {};
    const { streams, log } = state;
    const schemas = missedSchemas(ctx.limits);
    // Alone, the stream is this process's and is used without an await, so a handler's changes happen in one
    // synchronous step. With many nodes, its switches and count are read back from Redis first.
    const { isShared } = streams;
    return {
      'missed:status': {
        schema: EmptySchema,
        fn: async (socket) => {
          const labId = requireLab(socket);
          return (isShared ? await streams.current(labId) : streams.get(labId)).status(ctx.limits.missedMaxRate);
        },
      },

      'missed:configure': {
        schema: schemas.configure,
        async fn(socket, patch, handler) {
          const labId = requireLab(socket);
          // A stream counts against the server's and the starting address's caps while it runs.
          const before = isShared ? await streams.current(labId) : streams.get(labId);
          // Shared: counted even when it looks running, since the node running it may not have obeyed a stop
          // from another node yet (its slot already freed); counting a counted stream again only refreshes it.
          const quotaKey = streamQuotaKey(labId);
          if (patch.running === true && isShared) {
            await ctx.clients.startStreamAcrossNodes(quotaKey, socket.handshake.address);
          } else if (patch.running === true && !before.running) {
            ctx.clients.startStream(quotaKey, socket.handshake.address);
          }
          if (patch.running === false) ctx.clients.stopStream(quotaKey);
          const status = isShared ? await streams.apply(labId, patch) : streams.configure(labId, patch);
          // Attributed, so a shared lab's other pages can say who changed the stream ("Bob set the rate to 5/s").
          const change = { id: randomUUID().slice(0, 8), by: socket.data.name ?? '?', patch };
          handler.afterAck(() => broadcastStatus(ctx, state, labId, { ...status, change }));
          return status;
        },
      },

      'missed:subscribe': {
        schema: schemas.subscribe,
        async fn(socket, { afterOffset }) {
          const labId = requireLab(socket);
          const stream = isShared ? await streams.current(labId) : streams.get(labId);
          if (afterOffset !== undefined && afterOffset !== null) {
            let bucket = state.replays.get(socket);
            const { replaysPerSecond } = ctx.limits;
            if (!bucket)
              state.replays.set(socket, (bucket = new TokenBucket(replaysPerSecond, replaysPerSecond, ctx.clock)));
            if (!bucket.take()) {
              throw new UserError(`At most ${replaysPerSecond} replays a second; wait a moment.`, 'rate-limited');
            }
          }
          // Join first, and note how far the server had sent at that instant: everything after it arrives live,
          // everything up to it (and after the client's offset) comes from the log. No gap, no duplicate.
          // With another node sending, "how far" is the last number in the shared log, read after joining: an
          // event in flight between nodes at that instant would come twice (replayed and live), so what went out
          // live meanwhile is left out of the replay and the replayed ones skip this socket live (missed-live.ts).
          const here = streams.runsHere(labId);
          const live = here || afterOffset === undefined || afterOffset === null ? undefined : watchLive(socket);
          void socket.join(streamRoom(labId));
          let truncated = false;
          let replay: Array<{ offset: string; value: StoredEvent }> = [];
          try {
            const upTo = here ? stream.sent : await streams.readSent(stream);
            let after = afterOffset ?? null;
            // At most maxReplayEvents, the newest ones: older ones are reported as trimmed (truncated), as if the
            // log had dropped them. The log itself holds at most historyPerLab, so this loop is bounded too.
            const { maxReplayEvents } = ctx.limits;
            while (after !== null) {
              const page = await log.readAfter(logStream(labId), after, 100);
              truncated ||= page.truncated;
              const entries = page.entries.filter((e) => e.value.seq <= upTo);
              replay.push(...entries.filter((e) => !live?.seen.has(e.value.seq)));
              if (replay.length > maxReplayEvents) {
                replay = replay.slice(-maxReplayEvents);
                truncated = true;
              }
              const last = page.entries[page.entries.length - 1];
              after = page.hasMore && entries.length === page.entries.length && last ? last.offset : null;
            }
          } finally {
            live?.stop();
          }
          // Only the newest can still be in flight: two seconds of events at the fastest rate is plenty.
          const replayed = replay.map((e) => e.value.seq);
          if (live) markReplayed(socket, labId, replayed, 2 * ctx.limits.missedMaxRate, ctx.clock);
          for (const e of replay) socket.emit('missed:event', { ...e.value, offset: e.offset, replayed: true });
          return { status: stream.status(ctx.limits.missedMaxRate), replayed: replay.length, truncated };
        },
      },

      'missed:cut': {
        schema: EmptySchema,
        fn(socket, _payload, handler) {
          requireLab(socket);
          // Engine.IO closes the transport once the ack has been written: to both ends this looks like a lost
          // connection ("transport close" on the client), so the client reconnects and recovery may apply.
          handler.afterAck(() => socket.conn.close());
          return { cut: true as const };
        },
      },

      'missed:order': {
        schema: schemas.order,
        async fn(socket, { key, seq }) {
          const labId = requireLab(socket);
          const stream = isShared ? await streams.current(labId) : streams.get(labId);
          const record = stream.attempt(key);
          const keys = keysOf(ctx, state, labId);
          const deduped = stream.dedupe && (await keys.seen(key));
          if (!deduped) record.applied++;
          const receipt: OrderReceipt = { key, attempt: record.attempts, applied: record.applied, deduped };
          if (stream.dedupe && !deduped) await keys.complete(key, receipt);
          const effect: EffectEvent = { ...receipt, seq, from: socket.data.name ?? '?' };
          const room = labRoom(labId);
          for (const io of servers(ctx, state, room)) io.to(room).emit('missed:effect', effect);
          // "Drop the first delivery": the effect happened, but the acknowledgement is never sent, exactly as if
          // it had been lost on the way back. The client times out and retries with the same key.
          if (stream.dropFirstAck && record.attempts === 1) return new Promise<OrderReceipt>(() => {});
          return receipt;
        },
      },
    };
  },
};
