// A budget per lab for the copies it makes the server send: one message to 100 recipients costs 100. Socket
// rate limits bound how often one socket sends; this bounds what a lab's fan-out costs everyone else, however
// many sockets (each within its own limit) share the work. Buckets of labs that are gone are dropped by sweep().
// On a shared Redis, `shared` makes it one budget per lab across nodes (server/scale/lab-delivery-budget.ts);
// while Redis cannot be reached each node falls back to its own bucket, and says so in the log and /healthz.
import type { Clock } from './clock.ts';
import { UserError } from './errors.ts';
import type { Logger } from './log.ts';
import { TokenBucket } from './rate-limit.ts';
import type { SharedDeliveryBudget } from './scale/lab-delivery-budget.ts';

export type DeliveryBudgetScope = 'across-nodes' | 'per-node';

export class LabDeliveries {
  private readonly perSecond: number;
  private readonly clock: Clock;
  private readonly buckets = new Map<string, TokenBucket>();
  private shared?: SharedDeliveryBudget;
  private logger?: Logger;
  private lastScope?: DeliveryBudgetScope;

  constructor(perSecond: number, clock: Clock) {
    this.perSecond = perSecond;
    this.clock = clock;
  }

  /** Counts the budget across nodes from now on; `logger` hears each switch to and from the per-node fallback. */
  share(shared: SharedDeliveryBudget, logger: Logger): void {
    this.shared = shared;
    this.logger = logger;
    this.lastScope = 'across-nodes';
    shared.onFailure = (err) => this.note(String(err));
  }

  /** Where the budget is counted right now; undefined alone (one node: there is nothing to share). */
  scope(): DeliveryBudgetScope | undefined {
    if (!this.shared) return undefined;
    return this.shared.usable() ? 'across-nodes' : 'per-node';
  }

  /**
   * Spends `recipients` deliveries of the lab's budget, or throws when the lab has spent it this second. Alone
   * it answers at once; across nodes it may wait for a reservation from Redis (so callers await it).
   */
  take(labId: string, recipients: number): void | Promise<void> {
    if (recipients <= 0) return;
    const n = Math.min(recipients, this.perSecond);
    if (this.shared && this.note() === 'across-nodes') {
      const spent = this.shared.take(labId, n);
      if (spent === true) return;
      if (spent === false) this.refuse();
      // A reservation that fails (Redis lost) leaves this take to the node's own bucket, as the next ones will be.
      return spent.then(
        (ok) => (ok ? undefined : this.refuse()),
        () => this.takeLocal(labId, n),
      );
    }
    this.takeLocal(labId, n);
  }

  private takeLocal(labId: string, n: number): void {
    let bucket = this.buckets.get(labId);
    if (!bucket) this.buckets.set(labId, (bucket = new TokenBucket(this.perSecond, this.perSecond, this.clock)));
    if (!bucket.take(n)) this.refuse();
  }

  /** Forgets the buckets of labs for which `exists` is false. */
  sweep(exists: (labId: string) => boolean): void {
    for (const labId of this.buckets.keys()) if (!exists(labId)) this.buckets.delete(labId);
    this.shared?.sweep(exists);
  }

  private refuse(): never {
    throw new UserError(
      `This lab is sending too much: at most ${this.perSecond} deliveries (messages × recipients) a second.`,
      'rate-limited',
    );
  }

  /** The current scope, logged once per change. */
  private note(error?: string): DeliveryBudgetScope | undefined {
    const scope = this.scope();
    if (scope !== this.lastScope) {
      this.lastScope = scope;
      if (scope === 'per-node') this.logger?.warn('deliveries.per-node', { reason: 'redis unreachable', error });
      else this.logger?.info('deliveries.across-nodes');
    }
    return scope;
  }
}
