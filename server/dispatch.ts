// One dispatcher per Socket.IO namespace, built once: every socket gets the same listener function
// (socket.onAny, called with `this` = the socket and the ack callback last), so a connection costs a single
// array entry instead of a closure per event. The rate limit (one TokenBucket per socket, made on its first
// event), the schema check, the { ok, data } | { ok: false, error, code } answer and "acknowledge, then fan
// out" all happen here. Socket.IO 4.8: Socket#onevent calls the onAny listeners with the packet's arguments.
import type { z } from 'zod';
import type { AckResult, ErrorCode, EventName } from '../src/contract/index.ts';
import { after, type Clock } from './clock.ts';
import type { Limits } from './config.ts';
import type { ClientQuotas } from './clients.ts';
import { UserError } from './errors.ts';
import type { DemoSocket, EventSpec, EventSpecs, Feature, FeatureContext, HandlerContext } from './feature.ts';
import type { Logger } from './log.ts';
import { TokenBucket } from './rate-limit.ts';

type Respond = (result: AckResult<unknown>) => void;
type AnySpec = EventSpec<EventName>;

/** A zod error as one sentence a learner can read: "text: the message is empty". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

export interface DispatcherOptions {
  limits: Pick<
    Limits,
    | 'eventsPerSecond'
    | 'eventBurst'
    | 'maxRefusals'
    | 'refusalWindowMs'
    | 'labErrorIntervalMs'
    | 'rejoinHoldMs'
    | 'maxHeldEvents'
  >;
  clock: Clock;
  logger: Logger;
  /** When given, a socket cut off for abuse also cools its address off. */
  clients?: ClientQuotas;
}

/** What the dispatcher knows about one socket: its token bucket and how often it was refused lately. */
interface Budget {
  bucket: TokenBucket;
  refusals: number;
  windowStart: number;
  lastLabError: number;
  /** Cut off: every further packet is dropped before anything else is done with it. */
  cut: boolean;
}

export interface Dispatcher {
  /** Attaches the shared listener to a new socket. */
  attach(socket: DemoSocket): void;
}

/** Sockets whose events wait for something started at connection (see holdEventsUntil). */
const holds = new WeakMap<DemoSocket, Promise<unknown>>();

/** A refusal decided before the event's handler is reached (a hold that timed out or overflowed). */
interface Refusal {
  error: string;
  code: ErrorCode;
}

/** Events of one socket waiting for its hold, in arrival order, and the timer bounding the wait. */
interface Waiting {
  queue: Array<{ event: unknown; args: unknown[] }>;
  cancelTimer: () => void;
}

/**
 * The socket's events are handled only once `ready` settles (either way), in the order they arrived. For work a
 * connection starts that its first packets depend on: with Redis, rejoining the lab named in the handshake is
 * asynchronous, and the packets the client buffered while offline arrive right after CONNECT, before it is done.
 * The dispatcher bounds the wait (rejoinHoldMs from the first held event, then those events are refused with
 * `rejoin-timeout` and later ones are handled at once, as for a socket outside its lab) and how many wait
 * (maxHeldEvents; more are refused as rate-limited), so a Redis that never answers holds nothing for long.
 */
export function holdEventsUntil(socket: DemoSocket, ready: Promise<unknown>): void {
  const settled = ready.then(
    () => undefined,
    () => undefined,
  );
  holds.set(socket, settled);
  // Registered first, so it runs before the queued events' callbacks: a packet that arrives later goes straight on.
  void settled.then(() => {
    if (holds.get(socket) === settled) holds.delete(socket);
  });
}

export function createDispatcher(specs: EventSpecs, options: DispatcherOptions): Dispatcher {
  const { limits, clock, logger, clients } = options;
  const table = new Map<string, AnySpec>(Object.entries(specs) as Array<[string, AnySpec]>);
  const budgets = new WeakMap<DemoSocket, Budget>();

  const budgetOf = (socket: DemoSocket): Budget => {
    let budget = budgets.get(socket);
    if (!budget) {
      const bucket = new TokenBucket(limits.eventsPerSecond, limits.eventBurst, clock);
      budgets.set(
        socket,
        (budget = { bucket, refusals: 0, windowStart: clock.now(), lastLabError: -Infinity, cut: false }),
      );
    }
    return budget;
  };

  /** Counts a refusal; a burst of them cuts the socket off and cools its address off. */
  const countRefusal = (socket: DemoSocket, budget: Budget): void => {
    const now = clock.now();
    if (now - budget.windowStart >= limits.refusalWindowMs) {
      budget.windowStart = now;
      budget.refusals = 0;
    }
    if (++budget.refusals <= limits.maxRefusals || budget.cut) return;
    budget.cut = true;
    const address = socket.handshake.address;
    clients?.coolOff(address);
    logger.info('socket.cut-off', { address, refusals: budget.refusals });
    socket.disconnect(true);
  };

  async function run(
    socket: DemoSocket,
    budget: Budget,
    event: string,
    args: unknown[],
    refusal?: Refusal,
  ): Promise<void> {
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (args.pop() as Respond) : undefined;
    const refuse = (error: string, code: ErrorCode) => {
      // Only what no honest page sends in bursts counts: over the rate, or malformed. "No such lab" does not.
      if (code === 'rate-limited' || code === 'invalid-payload') countRefusal(socket, budget);
      if (budget.cut) return;
      if (ack) return ack({ ok: false, error, code });
      // Events without an ack learn of a refusal through lab:error, at most one a labErrorIntervalMs.
      const now = clock.now();
      if (now - budget.lastLabError < limits.labErrorIntervalMs) return;
      budget.lastLabError = now;
      socket.emit('lab:error', { event, error, code });
    };
    // Refused before it could be handled: answered like any refusal (an event nobody handles still gets none).
    if (refusal) return table.has(event) ? refuse(refusal.error, refusal.code) : undefined;
    if (!budget.bucket.take()) {
      return refuse(
        `Too many events: at most ${limits.eventsPerSecond} a second. Wait a moment and try again.`,
        'rate-limited',
      );
    }
    const spec = table.get(event);
    // An event nobody handles gets no answer, as in plain Socket.IO (and as the namespaces lesson shows).
    if (!spec) return;
    if (args.length !== 1)
      return refuse(`"${event}" takes exactly one payload object, got ${args.length}`, 'invalid-payload');
    const parsed = spec.schema.safeParse(args[0]);
    if (!parsed.success) return refuse(describeZodError(parsed.error), 'invalid-payload');

    const after: Array<() => void> = [];
    const h: HandlerContext = { afterAck: (f) => after.push(f) };
    let data: unknown;
    try {
      data = await spec.fn(socket, parsed.data as never, h);
    } catch (err) {
      if (err instanceof UserError) return refuse(err.message, err.code);
      logger.error('handler.failed', { event, error: String(err) });
      return refuse('The demo server could not handle that event.', 'internal');
    }
    ack?.({ ok: true, data });
    for (const f of after) {
      try {
        f();
      } catch (err) {
        logger.error('handler.after-ack.failed', { event, error: String(err) });
      }
    }
  }

  // The one listener every socket shares: `this` is the socket (Socket.IO applies onAny listeners to it).
  function onEvent(this: DemoSocket, event: unknown, ...args: unknown[]): void {
    const held = holds.get(this);
    if (held) return hold(this, held, event, args);
    handle(this, event, args);
  }

  /** Events waiting for a socket's hold (see holdEventsUntil), per socket of this dispatcher's namespace. */
  const waiting = new WeakMap<DemoSocket, Waiting>();

  function hold(socket: DemoSocket, ready: Promise<unknown>, event: unknown, args: unknown[]): void {
    let w = waiting.get(socket);
    if (!w) {
      const queue: Waiting['queue'] = [];
      // Whichever comes first releases the queue; the other finds it gone and does nothing.
      const release = (refusal?: Refusal) => {
        if (waiting.get(socket) !== w) return;
        waiting.delete(socket);
        w!.cancelTimer();
        // Later packets go straight on; the hold's own `then` in holdEventsUntil may not have run yet.
        if (holds.get(socket) === ready) holds.delete(socket);
        for (const e of queue) handle(socket, e.event, e.args, refusal);
      };
      w = { queue, cancelTimer: () => undefined };
      waiting.set(socket, w);
      w.cancelTimer = after(clock, limits.rejoinHoldMs, () => {
        logger.info('socket.rejoin-timeout', { held: queue.length, ms: limits.rejoinHoldMs });
        release({
          error: `Rejoining your lab took longer than ${limits.rejoinHoldMs} ms; join it again.`,
          code: 'rejoin-timeout',
        });
      });
      void ready.then(() => release());
    }
    if (w.queue.length >= limits.maxHeldEvents) {
      return handle(socket, event, args, {
        error: `Too many events while rejoining your lab: at most ${limits.maxHeldEvents} wait. Send them again.`,
        code: 'rate-limited',
      });
    }
    w.queue.push({ event, args });
  }

  function handle(socket: DemoSocket, event: unknown, args: unknown[], refusal?: Refusal): void {
    const budget = budgetOf(socket);
    // A socket already cut off costs nothing more: no schema, no answer.
    if (budget.cut) return;
    const name = typeof event === 'string' ? event : String(event);
    run(socket, budget, name, args, refusal).catch((err) =>
      logger.error('dispatch.failed', { event: name, error: String(err) }),
    );
  }

  return { attach: (socket) => socket.onAny(onEvent) };
}

/**
 * What happens when a socket enters a lab: the features' `entered` hooks run, and its disconnect goes through
 * one shared function to the features' `left` hooks. Nothing is registered on a socket outside a lab.
 */
export function labHooks(ctx: () => FeatureContext, features: Feature[]): (socket: DemoSocket) => void {
  const entered = new WeakSet<DemoSocket>();
  const onEnter = features.flatMap((f) => (f.entered ? [f.entered.bind(f)] : []));
  const onLeave = features.flatMap((f) => (f.left ? [f.left.bind(f)] : []));
  function onDisconnect(this: DemoSocket): void {
    const labId = this.data.labId;
    if (!labId) return;
    for (const hook of onLeave) {
      try {
        hook(this, ctx(), labId);
      } catch (err) {
        ctx().logger.error('disconnect.failed', { error: String(err) });
      }
    }
  }
  return (socket: DemoSocket) => {
    if (entered.has(socket)) return;
    entered.add(socket);
    socket.on('disconnect', onDisconnect);
    for (const hook of onEnter) hook(socket, ctx());
  };
}
