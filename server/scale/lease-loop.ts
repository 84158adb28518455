// The loop every node runs for one kind of timer-driven lab (streams, tickers, queue ticks): every `everyMs` it
// renews the leases it holds and tries to take the ones nobody holds among the names that should be running.
// A node that takes a lease is told (`gained`) and starts that lab's timer; one that loses it (`lost`) stops.
// `holds()` answers from the last successful renewal, never past the ttl, so a node whose event loop stalled
// longer than the ttl stops ticking by itself even before its next renewal fails: two nodes never tick one lab.
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { Leases } from './lease.ts';

export interface LeaseLoopOptions {
  leases: Leases;
  clock: Clock;
  logger: Logger;
  ttlMs: number;
  everyMs: number;
  /** The names that should be running now (labs whose stream is on), from the shared store. */
  wanted(): Promise<string[]>;
  /** This node now holds `name`: start its timer. */
  gained(name: string): Promise<void>;
  /** Renewed: a chance to re-read shared settings (rate, running). */
  renewed?(name: string): Promise<void>;
  /** Lost, released or expired: stop its timer. */
  lost(name: string): void;
}

export class LeaseLoop {
  private readonly options: LeaseLoopOptions;
  /** name → until when this node may act on it (the time its last renewal was sent, plus the ttl). */
  private readonly held = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private round: Promise<void> | undefined;
  private again = false;

  constructor(options: LeaseLoopOptions) {
    this.options = options;
  }

  start(): void {
    this.timer = setInterval(() => this.kick(), this.options.everyMs);
    this.timer.unref?.();
  }

  /** True while this node holds `name` and its lease cannot have expired yet. */
  holds(name: string): boolean {
    const until = this.held.get(name);
    return until !== undefined && this.options.clock.now() < until;
  }

  /** Runs a round now (after the current one, if one is running): a stream just switched on starts at once. */
  kick(): Promise<void> {
    if (this.round) {
      this.again = true;
      return this.round;
    }
    this.round = this.run().finally(() => {
      this.round = undefined;
      if (this.again) {
        this.again = false;
        void this.kick();
      }
    });
    return this.round;
  }

  /** Gives `name` up now (its lab stopped), so that no node keeps it for the rest of the ttl. */
  async release(name: string): Promise<void> {
    if (!this.held.delete(name)) return;
    this.options.lost(name);
    await this.options.leases.release(name).catch(() => undefined);
  }

  /** Stops the loop and gives every lease up (a clean shutdown hands the labs over at once). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.round;
    for (const name of [...this.held.keys()]) await this.release(name);
  }

  private async run(): Promise<void> {
    const { leases, clock, ttlMs, logger } = this.options;
    try {
      for (const name of [...this.held.keys()]) {
        const sent = clock.now();
        if (await leases.renew(name)) {
          this.held.set(name, sent + ttlMs);
          await this.options.renewed?.(name);
        } else if (this.held.delete(name)) {
          this.options.lost(name);
        }
      }
      for (const name of await this.options.wanted()) {
        if (this.held.has(name)) continue;
        const sent = clock.now();
        if (!(await leases.acquire(name))) continue;
        this.held.set(name, sent + ttlMs);
        await this.options.gained(name);
      }
    } catch (err) {
      // Redis unreachable: keep nothing we cannot renew; the next round tries again.
      logger.error('lease.round.failed', { error: String(err) });
      for (const [name, until] of this.held) {
        if (clock.now() >= until && this.held.delete(name)) this.options.lost(name);
      }
    }
  }
}
