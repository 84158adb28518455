// "Polling vs push": one stream of updates per lab, made by the server at random moments, delivered three ways:
// GET /api/ticker/poll (short polling: answered at once), GET /api/ticker/long (long polling: held until an
// update exists or a timeout), and 'ticker:update' pushed to the lab over Socket.IO. Bounded: recent history
// only, a cap on held long-polls per lab, a per-lab request rate, and every timer cleared on close.
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

function stop(ctx: FeatureContext, ticker: Ticker): void {
  clearTimeout(ticker.timer);
  ctx.clients.stopStream(tickerQuotaKey(ticker.labId));
  for (const poll of ticker.held) poll.answer([]);
  tickers(ctx).delete(ticker.labId);
}

function scheduleNext(ctx: FeatureContext, ticker: Ticker): void {
  const { tickerMinMs: min, tickerMaxMs: max } = ctx.limits;
  ticker.timer = setTimeout(() => tick(ctx, ticker), min + Math.random() * Math.max(0, max - min));
}

function tick(ctx: FeatureContext, ticker: Ticker): void {
  // Nobody left in the lab: stop, so an abandoned page leaves no timer behind.
  if (!ctx.io.of('/').adapter.rooms.get(labRoom(ticker.labId))?.size) return stop(ctx, ticker);
  const update: TickerUpdate = { seq: ++ticker.seq, at: ctx.clock.now() };
  ticker.history.push(update);
  if (ticker.history.length > ctx.limits.historyPerLab) ticker.history.shift(); // pollers that fall further behind skip the oldest
  ctx.io.to(labRoom(ticker.labId)).emit('ticker:update', update); // push: over every lab member's connection
  for (const poll of [...ticker.held])
    if (update.seq > poll.after) poll.answer(ticker.history.filter((u) => u.seq > poll.after));
  scheduleNext(ctx, ticker);
}

function start(ctx: FeatureContext, labId: string, address: string): Ticker {
  const map = tickers(ctx);
  let ticker = map.get(labId);
  if (!ticker) {
    ctx.clients.startStream(tickerQuotaKey(labId), address);
    const { pollsPerSecondPerLab, pollBurstPerLab } = ctx.limits;
    ticker = {
      labId,
      seq: 0,
      history: [],
      held: new Set(),
      bucket: new TokenBucket(pollsPerSecondPerLab, pollBurstPerLab, ctx.clock),
    };
    map.set(labId, ticker);
    scheduleNext(ctx, ticker);
  }
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
    ctx.onClose(() => {
      for (const ticker of [...tickers(ctx).values()]) stop(ctx, ticker);
    });
  },
  events: (ctx) => ({
    'ticker:start': {
      schema: EmptySchema,
      fn(socket): TickerState {
        const ticker = start(ctx, requireLab(socket), socket.handshake.address);
        const { tickerMinMs: minMs, tickerMaxMs: maxMs, longPollTimeoutMs } = ctx.limits;
        return { latest: ticker.seq, serverNow: ctx.clock.now(), minMs, maxMs, longPollTimeoutMs };
      },
    },
  }),
};
