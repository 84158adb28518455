// "Polling vs push": one stream of updates per lab, made by the server at random moments, delivered three ways:
// GET /api/ticker/poll (short polling: answered at once), GET /api/ticker/long (long polling: held until an
// update exists or a timeout), and 'ticker:update' pushed to the lab over Socket.IO. Bounded: recent history
// only, a cap on held long-polls per lab, a per-lab request rate, and every timer cleared on close.
// With many nodes, one node per lab makes the updates (it holds the lab's lease) and tells the other nodes each
// one (serverSideEmit), so every node answers polls from the same history; a node taking over continues the count.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TickerPollResponse, TickerState, TickerUpdate } from '../../src/contract/index.ts';
import type { Feature, FeatureContext, Route } from '../feature.ts';
import { describeZodError } from '../dispatch.ts';
import { EmptySchema } from '../schemas/common.ts';
import { TickerPollQuerySchema } from '../schemas/websockets.ts';
import { labRoom } from '../labs.ts';
import { TokenBucket } from '../rate-limit.ts';
import { requireLab } from './require-lab.ts';
import { requestHead } from './ws-handshake.ts';
import { RedisLeases } from '../scale/lease.ts';
import { LeaseLoop } from '../scale/lease-loop.ts';

interface HeldPoll {
  after: number;
  answer(updates: TickerUpdate[]): void;
}

interface Ticker {
  labId: string;
  seq: number;
  history: TickerUpdate[];
  timer?: ReturnType<typeof setTimeout>;
  held: Set<HeldPoll>;
  bucket: TokenBucket;
}

const tickersByServer = new WeakMap<object, Map<string, Ticker>>();

function tickers(ctx: FeatureContext): Map<string, Ticker> {
  let map = tickersByServer.get(ctx.io);
  if (!map) tickersByServer.set(ctx.io, (map = new Map()));
  return map;
}

/** The quota key of a lab's ticker in ClientQuotas (it counts as a running stream). */
const tickerQuotaKey = (labId: string) => `ticker:${labId}`;

/** With many nodes: the lease loop, and the Redis commands behind it. */
interface SharedTickers {
  loop: LeaseLoop;
  /** Asks for a lab's ticker to run somewhere (its holder refreshes the entry while the lab has anyone in it). */
  want(labId: string): Promise<void>;
  /** The count the last holder reached (a node taking over continues after it). */
  storedSeq(labId: string): Promise<number>;
  saveSeq(labId: string, seq: number): void;
  drop(labId: string): Promise<void>;
}

const sharedByServer = new WeakMap<object, SharedTickers>();

function sharedTickers(ctx: FeatureContext): SharedTickers | undefined {
  const { redis, key, nodeId } = ctx.scale;
  if (!redis) return undefined;
  const { leaseTtlMs: ttlMs, leaseRenewMs: everyMs, labIdleMs } = ctx.limits;
  const send = (args: string[]): Promise<unknown> => redis.client.sendCommand(args);
  const running = key('ticker', 'running');
  const seqKey = (labId: string) => key('ticker', 'seq', labId);
  const now = () => `${ctx.clock.now()}`;
  const loop = new LeaseLoop({
    leases: new RedisLeases(redis, nodeId, ttlMs, (labId) => key('lease', 'ticker', labId)),
    clock: ctx.clock,
    logger: ctx.logger,
    ttlMs,
    everyMs,
    async wanted() {
      await send(['ZREMRANGEBYSCORE', running, '-inf', `${ctx.clock.now() - labIdleMs}`]);
      return (await send(['ZRANGE', running, '0', '-1'])) as string[];
    },
    async gained(labId) {
      const ticker = tickers(ctx).get(labId) ?? create(ctx, labId);
      ticker.seq = Math.max(ticker.seq, await shared.storedSeq(labId));
      scheduleNext(ctx, ticker);
    },
    async renewed(labId) {
      await send(['ZADD', running, 'XX', now(), labId]);
    },
    lost: (labId) => clearTimeout(tickers(ctx).get(labId)?.timer),
  });
  const shared: SharedTickers = {
    loop,
    async want(labId) {
      await send(['ZADD', running, now(), labId]);
      await loop.kick();
    },
    storedSeq: async (labId) => Number((await send(['GET', seqKey(labId)])) ?? 0),
    saveSeq(labId, seq) {
      send(['SET', seqKey(labId), `${seq}`, 'PX', `${labIdleMs}`]).catch(() => undefined);
    },
    async drop(labId) {
      await send(['ZREM', running, labId]);
      await loop.release(labId);
    },
  };
  return shared;
}

function stop(ctx: FeatureContext, ticker: Ticker): void {
  clearTimeout(ticker.timer);
  ctx.clients.stopStream(tickerQuotaKey(ticker.labId));
  for (const poll of ticker.held) poll.answer([]);
  tickers(ctx).delete(ticker.labId);
}

function scheduleNext(ctx: FeatureContext, ticker: Ticker): void {
  const { tickerMinMs: min, tickerMaxMs: max } = ctx.limits;
  clearTimeout(ticker.timer);
  const shared = sharedByServer.get(ctx.io);
  const next = () => (shared ? void sharedTick(ctx, shared, ticker) : tick(ctx, ticker));
  ticker.timer = setTimeout(next, min + Math.random() * Math.max(0, max - min));
}

/** An update joins the history and answers the held polls it satisfies (on every node). */
function record(ctx: FeatureContext, ticker: Ticker, update: TickerUpdate): void {
  ticker.seq = update.seq;
  ticker.history.push(update);
  if (ticker.history.length > ctx.limits.historyPerLab) ticker.history.shift(); // pollers that fall further behind skip the oldest
  for (const poll of [...ticker.held])
    if (update.seq > poll.after) poll.answer(ticker.history.filter((u) => u.seq > poll.after));
}

function tick(ctx: FeatureContext, ticker: Ticker): void {
  // Nobody left in the lab: stop, so an abandoned page leaves no timer behind.
  if (!ctx.io.of('/').adapter.rooms.get(labRoom(ticker.labId))?.size) return stop(ctx, ticker);
  const update: TickerUpdate = { seq: ticker.seq + 1, at: ctx.clock.now() };
  record(ctx, ticker, update);
  ctx.io.to(labRoom(ticker.labId)).emit('ticker:update', update); // push: over every lab member's connection
  scheduleNext(ctx, ticker);
}

/** The holder's tick with many nodes: nobody left means nobody on any node; the others mirror each update. */
async function sharedTick(ctx: FeatureContext, shared: SharedTickers, ticker: Ticker): Promise<void> {
  const { labId } = ticker;
  // A holder no longer sure of its lease stops; the loop restarts the timer if it takes the lease again.
  if (!shared.loop.holds(labId)) return;
  if (!ctx.io.of('/').adapter.rooms.get(labRoom(labId))?.size) {
    const anywhere = await ctx.io
      .in(labRoom(labId))
      .fetchSockets()
      .then((sockets) => sockets.length > 0)
      .catch(() => true); // a node that does not answer may still have members: keep going
    if (!anywhere) {
      stop(ctx, ticker);
      return shared.drop(labId).catch(() => undefined);
    }
  }
  const update: TickerUpdate = { seq: ticker.seq + 1, at: ctx.clock.now() };
  record(ctx, ticker, update);
  shared.saveSeq(labId, update.seq);
  ctx.io.to(labRoom(labId)).emit('ticker:update', update); // the adapter carries it to every node's members
  ctx.io.serverSideEmit('ticker:tick', labId, update);
  scheduleNext(ctx, ticker);
}

/** Another node's update: this node's pollers see it too. A lab with nobody here any more is forgotten. */
function mirrored(ctx: FeatureContext, labId: string, update: TickerUpdate): void {
  const ticker = tickers(ctx).get(labId);
  if (!ticker || update.seq <= ticker.seq) return;
  if (!ctx.io.of('/').adapter.rooms.get(labRoom(labId))?.size) return stop(ctx, ticker);
  record(ctx, ticker, update);
}

function create(ctx: FeatureContext, labId: string): Ticker {
  const { pollsPerSecondPerLab, pollBurstPerLab } = ctx.limits;
  const ticker: Ticker = {
    labId,
    seq: 0,
    history: [],
    held: new Set(),
    bucket: new TokenBucket(pollsPerSecondPerLab, pollBurstPerLab, ctx.clock),
  };
  tickers(ctx).set(labId, ticker);
  return ticker;
}

/** `counted`: the stream's quota slot was taken already (across nodes, by startShared). */
function start(ctx: FeatureContext, labId: string, address: string, counted = false): Ticker {
  let ticker = tickers(ctx).get(labId);
  if (!ticker) {
    if (!counted) ctx.clients.startStream(tickerQuotaKey(labId), address);
    ticker = create(ctx, labId);
    if (!sharedByServer.has(ctx.io)) scheduleNext(ctx, ticker);
  }
  return ticker;
}

/** With many nodes: this node mirrors the lab's ticker, and some node (maybe this one) runs it. */
async function startShared(ctx: FeatureContext, shared: SharedTickers, labId: string, address: string) {
  // The running-streams quota is counted in Redis, once per lab whichever node starts or stops it.
  if (!tickers(ctx).has(labId)) await ctx.clients.startStreamAcrossNodes(tickerQuotaKey(labId), address);
  const ticker = start(ctx, labId, address, true);
  ticker.seq = Math.max(ticker.seq, await shared.storedSeq(labId));
  await shared.want(labId);
  return ticker;
}

/** Answers JSON; the body reports the size of the response head Node wrote, read back after writeHead. */
function sendJson(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  // No Content-Length: the body's own size would change the head's size. Node sends it chunked instead.
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  const head = (res as unknown as { _header?: string })._header ?? '';
  res.end(JSON.stringify({ ...body, responseHeaderBytes: Buffer.byteLength(head) }));
}

const fail = (res: ServerResponse, status: number, error: string) => sendJson(res, status, { ok: false, error });

/** Checks the query and finds the lab's ticker; answers the error itself and returns undefined when it can't. */
function pollTarget(ctx: FeatureContext, res: ServerResponse, url: URL): { ticker: Ticker; after: number } | undefined {
  const parsed = TickerPollQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  if (!parsed.success) return void fail(res, 400, describeZodError(parsed.error));
  const ticker = tickers(ctx).get(parsed.data.lab);
  if (!ticker)
    return void fail(res, 404, 'No ticker runs in that lab. Open the widget (it starts one) and poll again.');
  if (!ticker.bucket.take()) {
    return void fail(res, 429, `Too many polls: this lab may make ${ctx.limits.pollsPerSecondPerLab} a second.`);
  }
  return { ticker, after: parsed.data.after };
}

function answer(
  req: IncomingMessage,
  res: ServerResponse,
  ticker: Ticker,
  updates: TickerUpdate[],
  heldMs: number,
): void {
  const body: Omit<TickerPollResponse, 'responseHeaderBytes'> = {
    ok: true,
    updates,
    latest: ticker.seq,
    requestHeaderBytes: requestHead(req).bytes,
    heldMs,
  };
  sendJson(res, 200, body);
}

function routes(ctx: FeatureContext): Route[] {
  const shortPoll: Route = {
    method: 'GET',
    path: '/api/ticker/poll',
    handle(req, res, url) {
      const target = pollTarget(ctx, res, url);
      if (!target) return;
      answer(
        req,
        res,
        target.ticker,
        target.ticker.history.filter((u) => u.seq > target.after),
        0,
      );
    },
  };
  const longPoll: Route = {
    method: 'GET',
    path: '/api/ticker/long',
    handle(req, res, url) {
      const target = pollTarget(ctx, res, url);
      if (!target) return;
      const { ticker, after } = target;
      const ready = ticker.history.filter((u) => u.seq > after);
      // Behind: answer at once. Ahead (the server restarted and counts from 0 again): answer at once so the page resyncs.
      if (ready.length || after !== ticker.seq) return answer(req, res, ticker, ready, 0);
      if (ticker.held.size >= ctx.limits.maxHeldPollsPerLab) {
        return fail(res, 429, `This lab already holds ${ctx.limits.maxHeldPollsPerLab} long polls; try again shortly.`);
      }
      const since = ctx.clock.now();
      const poll: HeldPoll = {
        after,
        answer(updates) {
          ticker.held.delete(poll);
          clearTimeout(timeout);
          if (!res.writableEnded && !res.destroyed) answer(req, res, ticker, updates, ctx.clock.now() - since);
        },
      };
      const timeout = setTimeout(() => poll.answer([]), ctx.limits.longPollTimeoutMs);
      ticker.held.add(poll);
      // The page went away (or aborted): forget the request without answering it.
      res.on('close', () => {
        ticker.held.delete(poll);
        clearTimeout(timeout);
      });
    },
  };
  return [shortPoll, longPoll];
}

export const tickerFeature: Feature = {
  name: 'ticker',
  routes,
  setup(ctx) {
    const shared = sharedTickers(ctx);
    if (shared) {
      sharedByServer.set(ctx.io, shared);
      ctx.io.on('ticker:tick', (labId, update) => mirrored(ctx, labId, update));
      shared.loop.start();
    }
    ctx.onClose(async () => {
      // A clean shutdown hands the leases back, so another node takes the tickers over at once.
      await shared?.loop.close();
      for (const ticker of [...tickers(ctx).values()]) stop(ctx, ticker);
    });
  },
  events: (ctx) => ({
    'ticker:start': {
      schema: EmptySchema,
      async fn(socket): Promise<TickerState> {
        const shared = sharedByServer.get(ctx.io);
        // Alone: no await, as before. With many nodes: the count so far is read from Redis first.
        const ticker = shared
          ? await startShared(ctx, shared, requireLab(socket), socket.handshake.address)
          : start(ctx, requireLab(socket), socket.handshake.address);
        const { tickerMinMs: minMs, tickerMaxMs: maxMs, longPollTimeoutMs } = ctx.limits;
        return { latest: ticker.seq, serverNow: ctx.clock.now(), minMs, maxMs, longPollTimeoutMs };
      },
    },
  }),
};
