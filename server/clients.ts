// What one client (one remote address) may use of what the class shares: open connections, labs created per
// window, running streams, and whether it is cooling off after being cut off for abuse. Pure bookkeeping with an
// injected clock; app.ts wires it to Socket.IO. Every map shrinks back to empty when the address goes quiet.
// Simplification: "a client" is the TCP peer address, so a whole school behind one NAT counts as one client,
// which is why the per-address limits are generous.
import type { Clock } from './clock.ts';
import type { Limits } from './config.ts';
import { UserError } from './errors.ts';
import type { RedisQuotas } from './scale/lab-quotas.ts';

export type ClientLimits = Pick<
  Limits,
  | 'maxConnectionsPerAddress'
  | 'labsPerAddressPerWindow'
  | 'labCreateWindowMs'
  | 'coolOffMs'
  | 'maxRunningStreams'
  | 'maxRunningStreamsPerAddress'
>;

export class ClientQuotas {
  private readonly limits: ClientLimits;
  private readonly clock: Clock;
  private readonly connections = new Map<string, number>();
  /** address → the moment its cool-off ends */
  private readonly coolingUntil = new Map<string, number>();
  /** address → [window start, labs created in it] */
  private readonly creates = new Map<string, [number, number]>();
  /** stream key → the address that started it */
  private readonly streams = new Map<string, string>();
  private readonly streamsPerAddress = new Map<string, number>();

  /** With REDIS_URL: the counts every node shares (connections, lab creates, cool-offs), checked after ours. */
  shared?: RedisQuotas;

  constructor(limits: ClientLimits, clock: Clock) {
    this.limits = limits;
    this.clock = clock;
  }

  /** Why a new connection from `address` is refused, or undefined when it may connect (and is then counted). */
  admit(address: string): string | undefined {
    const until = this.coolingUntil.get(address);
    if (until !== undefined) {
      const left = until - this.clock.now();
      if (left > 0) {
        return `This address was cut off for sending too many refused events; try again in ${Math.ceil(left / 1000)} s.`;
      }
      this.coolingUntil.delete(address);
    }
    const open = this.connections.get(address) ?? 0;
    if (open >= this.limits.maxConnectionsPerAddress) return this.tooMany();
    this.connections.set(address, open + 1);
    return undefined;
  }

  private tooMany(): string {
    return `Too many connections from one address (at most ${this.limits.maxConnectionsPerAddress}).`;
  }

  /**
   * admit() and then, on a shared Redis, the count all nodes share. `counted` says whether Redis counted it (so
   * the close releases it there too); when Redis cannot be reached the node keeps serving on its own counts.
   */
  async admitAcrossNodes(address: string): Promise<{ refusal?: string; counted: boolean }> {
    const refusal = this.admit(address);
    if (refusal || !this.shared) return { refusal, counted: false };
    const shared = await this.admitShared(address);
    if (shared.refusal) this.release(address);
    return shared;
  }

  /** The shared half of admitAcrossNodes, for a connection this node has counted already (at its handshake). */
  async admitShared(address: string): Promise<{ refusal?: string; counted: boolean }> {
    const shared = await this.shared?.admit(address).catch(() => undefined);
    if (!shared) return { counted: false };
    if (shared.ok) return { counted: true };
    if (shared.reason === 'full') return { refusal: this.tooMany(), counted: false };
    const seconds = Math.ceil(shared.msLeft / 1000);
    return {
      refusal: `This address was cut off for sending too many refused events; try again in ${seconds} s.`,
      counted: false,
    };
  }

  /** A connection counted by admit() closed. */
  release(address: string): void {
    const open = (this.connections.get(address) ?? 0) - 1;
    if (open > 0) this.connections.set(address, open);
    else this.connections.delete(address);
  }

  connectionsFrom(address: string): number {
    return this.connections.get(address) ?? 0;
  }

  /** Refuses new connections from `address` for coolOffMs. */
  coolOff(address: string): void {
    this.coolingUntil.set(address, this.clock.now() + this.limits.coolOffMs);
    this.shared?.coolOff(address).catch(() => undefined);
  }

  /** Counts one lab created by `address`; throws when the address has used up its window. */
  takeLabCreate(address: string): void {
    const now = this.clock.now();
    let entry = this.creates.get(address);
    if (!entry || now - entry[0] >= this.limits.labCreateWindowMs) this.creates.set(address, (entry = [now, 0]));
    if (entry[1] >= this.limits.labsPerAddressPerWindow) {
      const seconds = Math.ceil((entry[0] + this.limits.labCreateWindowMs - now) / 1000);
      throw this.createsUsedUp(seconds);
    }
    entry[1]++;
  }

  private createsUsedUp(seconds: number): UserError {
    return new UserError(
      `Your address created ${this.limits.labsPerAddressPerWindow} labs in a short time; try again in ${seconds} s.`,
      'rate-limited',
    );
  }

  /** takeLabCreate() counted across nodes on a shared Redis (alone, the same as takeLabCreate). */
  async takeLabCreateAcrossNodes(address: string): Promise<void> {
    if (!this.shared) return this.takeLabCreate(address);
    // Redis lost: this node's own count still holds the address to the limit here.
    const msLeft = await this.shared.takeLabCreate(address).catch(() => 'local' as const);
    if (msLeft === 'local') return this.takeLabCreate(address);
    if (msLeft !== undefined) throw this.createsUsedUp(Math.ceil(msLeft / 1000));
  }

  /** Counts a running stream (a missed-events stream or a ticker) started from `address`; throws at a cap. */
  startStream(key: string, address: string): void {
    if (this.streams.has(key)) return;
    if (this.streams.size >= this.limits.maxRunningStreams) throw this.streamsFull();
    const mine = this.streamsPerAddress.get(address) ?? 0;
    if (mine >= this.limits.maxRunningStreamsPerAddress) throw this.addressStreamsFull();
    this.streams.set(key, address);
    this.streamsPerAddress.set(address, mine + 1);
  }

  /**
   * startStream() counted across nodes on a shared Redis: there the counts are Redis's alone (a stream started
   * on node A may be stopped on node B, whose stopStream frees it for both). Redis lost: this node's counts.
   */
  async startStreamAcrossNodes(key: string, address: string): Promise<void> {
    if (!this.shared) return this.startStream(key, address);
    const admission = await this.shared.startStream(key, address).catch(() => 'local' as const);
    if (admission === 'local') return this.startStream(key, address);
    if (admission === 'server-full') throw this.streamsFull();
    if (admission === 'address-full') throw this.addressStreamsFull();
  }

  private streamsFull(): UserError {
    const max = this.limits.maxRunningStreams;
    return new UserError(`The server runs ${max} streams already; try again later.`, 'server-full');
  }

  private addressStreamsFull(): UserError {
    const max = this.limits.maxRunningStreamsPerAddress;
    return new UserError(`Your address runs ${max} streams already; stop one first.`, 'rate-limited');
  }

  stopStream(key: string): void {
    // Whichever node started it: the shared slot is freed from any node.
    this.shared?.stopStream(key).catch(() => undefined);
    const address = this.streams.get(key);
    if (address === undefined) return;
    this.streams.delete(key);
    const mine = (this.streamsPerAddress.get(address) ?? 0) - 1;
    if (mine > 0) this.streamsPerAddress.set(address, mine);
    else this.streamsPerAddress.delete(address);
  }

  get runningStreams(): number {
    return this.streams.size;
  }

  /** Forgets windows and cool-offs that are over (called by the lab sweep), so idle addresses cost nothing. */
  sweep(): void {
    const now = this.clock.now();
    for (const [address, until] of this.coolingUntil) if (until <= now) this.coolingUntil.delete(address);
    for (const [address, [start]] of this.creates) {
      if (now - start >= this.limits.labCreateWindowMs) this.creates.delete(address);
    }
  }
}
