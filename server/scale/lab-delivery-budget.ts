// One delivery budget per lab across every node on one Redis (LabDeliveries alone counts per node, so two nodes
// would allow twice the fan-out). A delivery must not wait for Redis, so each node reserves slices ("chunks") of
// the lab's budget for the current second from one counter (INCRBY on a key per Redis-clock second, expiring
// after 2 s) and spends them locally. Nothing is ever given back: the window ends and its key expires.
//
// The bound, stated: so that the first delivery of a second need not wait for Redis, a node may spend up to one
// chunk it has not reserved yet (the reservation on its way asks for that too); what does not fit waits for
// that reservation, in order. In one Redis second a lab's deliveries over all nodes are at most
// budget + nodes × chunk; a node's local window ends when Redis's does (measured from before the request left,
// so never later), give or take clock drift.
import type { RedisClientType } from '@redis/client';
import type { Clock } from '../clock.ts';
import type { ScaleContext } from './context.ts';

// KEYS: the lab's counter prefix. ARGV: wanted, budget. Returns { granted, ms left in this second }.
const RESERVE = `
local t = redis.call('TIME')
local key = KEYS[1] .. ':' .. t[1]
local used = tonumber(redis.call('GET', key) or '0')
local grant = math.min(tonumber(ARGV[1]), tonumber(ARGV[2]) - used)
if grant > 0 then
  redis.call('INCRBY', key, grant)
  redis.call('PEXPIRE', key, 2000)
else
  grant = 0
end
return { grant, 1000 - math.floor(tonumber(t[2]) / 1000) }
`;

/** Runs RESERVE: a seam, so the window arithmetic is unit-tested without a Redis. */
export type Reserve = (labId: string, want: number) => Promise<[granted: number, msLeft: number]>;

interface Waiter {
  n: number;
  done: (spent: boolean) => void;
  fail: (err: unknown) => void;
}

interface Window {
  /** Local time at which this window's Redis second ends (provisional until the first reply). */
  end: number;
  granted: number;
  spent: number;
  /** Redis granted less than asked: the lab's budget for this second is gone. */
  exhausted: boolean;
  asking: boolean;
  /** `end` comes from Redis's clock (set by the first reply). */
  timed: boolean;
  /** Takes that did not fit while a reservation was on its way, in arrival order: they go first when it lands. */
  waiting: Waiter[];
}

export class SharedDeliveryBudget {
  private readonly budget: number;
  private readonly chunk: number;
  private readonly clock: Clock;
  private readonly reserve: Reserve;
  private readonly windows = new Map<string, Window>();
  private failedUntil = -Infinity;
  /** Called when a reservation fails (Redis lost): the caller falls back to its per-node budget meanwhile. */
  onFailure: (error: unknown) => void = () => {};

  private readonly reachable: () => boolean;

  constructor(budget: number, chunk: number, clock: Clock, reserve: Reserve, reachable: () => boolean = () => true) {
    this.budget = budget;
    this.reachable = reachable;
    this.chunk = Math.max(1, Math.min(chunk, budget));
    this.clock = clock;
    this.reserve = reserve;
  }

  /** False while Redis is unreachable and for a second after a reservation failed: the per-node budget applies. */
  usable(): boolean {
    return this.reachable() && this.clock.now() >= this.failedUntil;
  }

  /**
   * Spends `n` (at most the budget) of the lab's shared budget: true if spent, false if the lab has none left
   * this second. Answers at once when the node's reserve (or its one-chunk credit) covers it; otherwise waits
   * for the reservation on its way, in order with the other takes waiting. Rejects if that reservation fails.
   */
  take(labId: string, n: number): boolean | Promise<boolean> {
    const w = this.current(labId);
    if (w.waiting.length === 0) {
      if (this.fits(w, n)) return this.spend(labId, w, n);
      if (w.exhausted) return false;
    }
    return new Promise<boolean>((done, fail) => {
      w.waiting.push({ n, done, fail });
      this.refill(labId, w);
    });
  }

  private current(labId: string): Window {
    const now = this.clock.now();
    let w = this.windows.get(labId);
    if (!w || now >= w.end) {
      const waiting = w?.waiting ?? [];
      w = { end: now + 1000, granted: 0, spent: 0, exhausted: false, asking: false, timed: false, waiting: [] };
      this.windows.set(labId, w);
      // Takes still waiting on the last window's reservation try this one, in their order.
      for (const waiter of waiting) this.requeue(labId, waiter);
    }
    return w;
  }

  private requeue(labId: string, waiter: Waiter): void {
    Promise.resolve(this.take(labId, waiter.n)).then(waiter.done, waiter.fail);
  }

  private fits(w: Window, n: number): boolean {
    return w.spent + n <= w.granted + (w.exhausted ? 0 : this.chunk);
  }

  private spend(labId: string, w: Window, n: number): true {
    w.spent += n;
    this.refill(labId, w);
    return true;
  }

  /** Once the reserve runs below a chunk: asks for a chunk, plus what was spent or is waiting unreserved. */
  private refill(labId: string, w: Window): void {
    const queued = w.waiting.reduce((sum, waiter) => sum + waiter.n, 0);
    if (w.exhausted || w.asking || w.granted - w.spent - queued >= this.chunk) return;
    const want = Math.min(this.budget, Math.max(0, w.spent + queued - w.granted) + this.chunk);
    const sentAt = this.clock.now();
    w.asking = true;
    this.reserve(labId, want).then(
      ([granted, msLeft]) => {
        w.asking = false;
        if (!w.timed) [w.end, w.timed] = [sentAt + msLeft, true];
        w.granted += granted;
        if (granted < want) w.exhausted = true;
        this.drain(labId, w);
      },
      (err: unknown) => {
        w.asking = false;
        this.failedUntil = this.clock.now() + 1000;
        for (const waiter of w.waiting.splice(0)) waiter.fail(err);
        this.onFailure(err);
      },
    );
  }

  /** Answers the waiting takes in order, as far as the reserve goes; the rest wait for the next reservation. */
  private drain(labId: string, w: Window): void {
    if (this.windows.get(labId) !== w || this.clock.now() >= w.end) {
      // The window ended meanwhile: its grant lapses with it, and the waiting takes try the next one.
      const waiting = w.waiting.splice(0);
      for (const waiter of waiting) this.requeue(labId, waiter);
      return;
    }
    while (w.waiting.length > 0) {
      const first = w.waiting[0]!;
      if (!this.fits(w, first.n) && !w.exhausted) break;
      w.waiting.shift();
      if (this.fits(w, first.n)) {
        w.spent += first.n;
        first.done(true);
      } else first.done(false);
    }
    this.refill(labId, w);
  }

  /** Forgets the windows of labs for which `exists` is false, and windows that have ended with nobody waiting. */
  sweep(exists: (labId: string) => boolean): void {
    const now = this.clock.now();
    for (const [labId, w] of this.windows) {
      if (w.waiting.length === 0 && (!exists(labId) || now >= w.end)) this.windows.delete(labId);
    }
  }
}

/** The Redis half: RESERVE on the lab's counter, each lab's keys apart from the others'. */
export function redisReserve(scale: ScaleContext, budget: number): Reserve {
  const redis: RedisClientType = scale.redis!.client;
  return async (labId, want) => {
    if (!scale.redis!.reachable()) throw new Error('Redis unreachable');
    const reply = (await redis.eval(RESERVE, {
      keys: [scale.key('deliveries', labId)],
      arguments: [String(want), String(budget)],
    })) as [number, number];
    return [Number(reply[0]), Number(reply[1])];
  };
}
