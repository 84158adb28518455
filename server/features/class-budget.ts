// Per-address budgets for classroom mode: wrong join codes per minute, classes started per hour. A sliding
// window of timestamps per address, bounded in addresses and entries, so the budget itself cannot grow forever.
import type { Clock } from '../clock.ts';

const MAX_ADDRESSES = 10_000;

export class AddressBudget {
  private readonly hits = new Map<string, number[]>();
  private readonly limit: number;
  private readonly windowMs: number;
  private readonly clock: Clock;

  constructor(limit: number, windowMs: number, clock: Clock) {
    this.limit = limit;
    this.windowMs = windowMs;
    this.clock = clock;
  }

  /** True when the address has used up its budget for the current window. */
  exhausted(address: string): boolean {
    return this.recent(address).length >= this.limit;
  }

  /** Spends one unit of the address's budget. */
  spend(address: string): void {
    const kept = this.recent(address);
    kept.push(this.clock.now());
    this.hits.delete(address);
    this.hits.set(address, kept.slice(-this.limit));
    // Map order is insertion order: the first key is the address least recently seen.
    if (this.hits.size > MAX_ADDRESSES) this.hits.delete(this.hits.keys().next().value!);
  }

  /** Seconds until the address may try again (0 when it may now). */
  retryAfterSeconds(address: string): number {
    const recent = this.recent(address);
    if (recent.length < this.limit) return 0;
    return Math.max(1, Math.ceil((recent[0]! + this.windowMs - this.clock.now()) / 1000));
  }

  private recent(address: string): number[] {
    const now = this.clock.now();
    return (this.hits.get(address) ?? []).filter((t) => now - t < this.windowMs);
  }
}
