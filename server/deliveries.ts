// A budget per lab for the copies it makes the server send: one message to 100 recipients costs 100. Socket
// rate limits bound how often one socket sends; this bounds what a lab's fan-out costs everyone else, however
// many sockets (each within its own limit) share the work. Buckets of labs that are gone are dropped by sweep().
import type { Clock } from './clock.ts';
import { UserError } from './errors.ts';
import { TokenBucket } from './rate-limit.ts';

export class LabDeliveries {
  private readonly perSecond: number;
  private readonly clock: Clock;
  private readonly buckets = new Map<string, TokenBucket>();

  constructor(perSecond: number, clock: Clock) {
    this.perSecond = perSecond;
    this.clock = clock;
  }

  /** Spends `recipients` deliveries of the lab's budget, or throws when the lab has spent it this second. */
  take(labId: string, recipients: number): void {
    let bucket = this.buckets.get(labId);
    if (!bucket) this.buckets.set(labId, (bucket = new TokenBucket(this.perSecond, this.perSecond, this.clock)));
    if (recipients > 0 && !bucket.take(Math.min(recipients, this.perSecond))) {
      throw new UserError(
        `This lab is sending too much: at most ${this.perSecond} deliveries (messages × recipients) a second.`,
        'rate-limited',
      );
    }
  }

  /** Forgets the buckets of labs for which `exists` is false. */
  sweep(exists: (labId: string) => boolean): void {
    for (const labId of this.buckets.keys()) if (!exists(labId)) this.buckets.delete(labId);
  }
}
