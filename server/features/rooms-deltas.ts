// Lab rooms as small changes instead of snapshots: each lab's changes (who joined or left the lab, who entered
// or left which room) are collected for a short window and sent as one versioned `rooms:delta`, only to the
// sockets that watch that lab's rooms. A lab nobody watches records nothing, so a leave there costs what
// Socket.IO's own disconnect costs. Timers come from the server's clock (tests move a ManualClock).
import type { RoomsChange, RoomsDelta } from '../../src/contract/index.ts';
import { after, type Clock } from '../clock.ts';

/** One flush per lab per this many ms at most: a burst of changes becomes one message. */
export const ROOMS_FLUSH_MS = 50;
/**
 * More changes than this in one window (hundreds leaving at once) are not listed: the delta says `resync` and
 * each watcher asks for one snapshot instead. Bounds one message to a few kilobytes.
 */
export const MAX_CHANGES_PER_DELTA = 256;

/** The Socket.IO room of the sockets watching one lab's rooms (not under `lab:`, so no learner room matches). */
export const watchRoom = (labId: string) => `rooms-watch:${labId}`;

interface LabLog {
  /** Version of the last delta sent (0 before any). */
  version: number;
  pending: RoomsChange[];
  overflow: boolean;
  cancel?: () => void;
}

export interface RoomsDeltasOptions {
  clock: Clock;
  /** Whether any socket watches this lab's rooms right now. */
  watched(labId: string): boolean;
  send(labId: string, delta: RoomsDelta): void;
  windowMs?: number;
  /**
   * On a shared Redis: the lab's next version from a counter every node shares, so the deltas of all nodes form
   * one sequence. Two nodes' deltas may still arrive out of order: the page holds an early one up to 100 ms for
   * its predecessor (src/widgets/rooms-explorer/delta-order.ts) and asks for a snapshot only if it never comes.
   */
  nextVersion?(labId: string): Promise<number>;
}

export class RoomsDeltas {
  private readonly logs = new Map<string, LabLog>();
  private readonly options: RoomsDeltasOptions;

  constructor(options: RoomsDeltasOptions) {
    this.options = options;
  }

  /** The version a snapshot taken now is at: the next delta continues from it. */
  version(labId: string): number {
    return this.logs.get(labId)?.version ?? 0;
  }

  /** Notes one change; the lab's flush runs once, a window after its first unsent change. */
  record(labId: string, change: RoomsChange): void {
    if (!this.options.watched(labId)) return;
    let log = this.logs.get(labId);
    if (!log) this.logs.set(labId, (log = { version: 0, pending: [], overflow: false }));
    if (log.overflow || log.pending.length >= MAX_CHANGES_PER_DELTA) {
      log.overflow = true;
      log.pending = [];
    } else {
      log.pending.push(change);
    }
    log.cancel ??= after(this.options.clock, this.options.windowMs ?? ROOMS_FLUSH_MS, () => this.flush(labId));
  }

  /** Sends what the lab collected, if anything, as one delta. */
  flush(labId: string): void {
    const log = this.logs.get(labId);
    if (!log) return;
    log.cancel?.();
    log.cancel = undefined;
    if (!log.pending.length && !log.overflow) return;
    if (this.options.nextVersion) return this.flushShared(labId, log);
    const from = log.version++;
    const delta: RoomsDelta = log.overflow
      ? { from, version: log.version, changes: [], resync: true }
      : { from, version: log.version, changes: log.pending };
    log.pending = [];
    log.overflow = false;
    this.options.send(labId, delta);
  }

  private flushShared(labId: string, log: LabLog): void {
    const changes = log.pending;
    const resync = log.overflow;
    log.pending = [];
    log.overflow = false;
    this.options.nextVersion!(labId).then(
      (version) => {
        log.version = Math.max(log.version, version);
        const delta: RoomsDelta = resync
          ? { from: version - 1, version, changes: [], resync: true }
          : { from: version - 1, version, changes };
        this.options.send(labId, delta);
      },
      () => undefined, // Redis unreachable: the watchers see the next delta's gap and ask for a snapshot
    );
  }

  /** The lab is empty: nobody holds its version any more. */
  forget(labId: string): void {
    this.logs.get(labId)?.cancel?.();
    this.logs.delete(labId);
  }

  close(): void {
    for (const labId of [...this.logs.keys()]) this.forget(labId);
  }
}
