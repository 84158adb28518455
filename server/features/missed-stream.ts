// One numbered stream per lab for the missed-events lab: a timer at the learner's rate appends each event to
// the offset log and then hands it to `send` (which emits it on both Socket.IO servers). Also keeps the lab's
// switches for the client→server half (drop the first ack, dedupe) and how often each event key was tried.
// No Socket.IO here: the feature wires it to sockets, tests can drive it alone.
// With many nodes (`shared`), the lab's switches live in Redis and only the node holding the lab's lease runs
// its timer; a node that takes the lease over resumes numbering after the last event in the shared log.
import type { Clock } from '../clock.ts';
import type { Logger } from '../log.ts';
import type { MissedStatus, StreamEvent } from '../../src/contract/index.ts';
import type { Leases } from '../scale/lease.ts';
import { LeaseLoop } from '../scale/lease-loop.ts';
import type { OffsetLog } from '../store/offset-log.ts';
import type { StreamSettings } from '../store/redis-stream-settings.ts';

export interface StreamDeps {
  clock: Clock;
  log: OffsetLog<StoredEvent>;
  maxRate: number;
  /** Emit one event to everyone subscribed in the lab (both servers). */
  send(labId: string, event: StreamEvent): void;
  /** 'gone': the lab expired; 'empty': nobody in it; 'busy': someone is. */
  presence(labId: string): 'gone' | 'empty' | 'busy';
  /** Stop a stream whose lab has been empty this long (0, the default: at the first tick with nobody there). */
  emptyStopMs?: number;
  /** Told when a stream stops by itself (its lab emptied or expired), so its quota is given back. */
  stopped?(labId: string): void;
  /** One node of many: settings shared, one lease per lab. Absent, the node alone runs every stream it has. */
  shared?: SharedStreamDeps;
}

export interface SharedStreamDeps {
  settings: {
    save(labId: string, settings: StreamSettings, now: number): Promise<void>;
    load(labId: string): Promise<StreamSettings | null>;
    running(now: number): Promise<string[]>;
    refresh(labId: string, now: number): Promise<void>;
  };
  /** Leases named by lab id. */
  leases: Leases;
  ttlMs: number;
  renewMs: number;
  logger: Logger;
  /** Whether this node has the lab in its own registry. */
  knownHere(labId: string): boolean;
  /** Each renewal of a lab this node holds (the feature refreshes its view of who is in the lab). */
  renewed?(labId: string): void;
}

/** What the log keeps for each event (the offset is the log's own). */
export interface StoredEvent {
  seq: number;
  sentAt: number;
}

interface KeyRecord {
  attempts: number;
  applied: number;
}

const MAX_KEYS_PER_LAB = 1000;

export class LabStream {
  readonly labId: string;
  running = false;
  rate: number;
  dropFirstAck = false;
  dedupe = false;
  /** Events already emitted: the server's own count of what it sent. */
  sent = 0;
  private appended = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private emptySince: number | undefined;
  private readonly keys = new Map<string, KeyRecord>();

  constructor(labId: string, rate: number) {
    this.labId = labId;
    this.rate = rate;
  }

  status(maxRate: number): MissedStatus {
    return {
      running: this.running,
      rate: this.rate,
      sent: this.sent,
      dropFirstAck: this.dropFirstAck,
      dedupe: this.dedupe,
      maxRate,
    };
  }

  /** Counts an attempt at `key` and returns its record (bounded: the oldest keys are forgotten). */
  attempt(key: string): KeyRecord {
    let rec = this.keys.get(key);
    if (!rec) {
      rec = { attempts: 0, applied: 0 };
      this.keys.set(key, rec);
      if (this.keys.size > MAX_KEYS_PER_LAB) this.keys.delete(this.keys.keys().next().value as string);
    }
    rec.attempts++;
    return rec;
  }

  settings(): StreamSettings {
    return { running: this.running, rate: this.rate, dropFirstAck: this.dropFirstAck, dedupe: this.dedupe };
  }

  /** Takes shared switches over (another node changed them); true when the rate changed. */
  adopt(settings: StreamSettings, maxRate: number): boolean {
    const rate = Math.min(settings.rate, maxRate);
    const changed = rate !== this.rate;
    Object.assign(this, { ...settings, rate });
    return changed;
  }

  /** Continues the numbering after `seq`, the last event in the log (a node taking the stream over). */
  resumeAfter(seq: number): void {
    this.appended = seq;
    this.sent = seq;
  }

  get hasTimer(): boolean {
    return this.timer !== undefined;
  }

  /** Internal: the streams registry drives the timer. */
  setTimer(timer: ReturnType<typeof setInterval> | undefined): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = timer;
  }

  async tick(deps: StreamDeps): Promise<'stop' | 'ok'> {
    const presence = deps.presence(this.labId);
    const now = deps.clock.now();
    if (presence === 'gone') return 'stop';
    if (presence === 'empty') {
      this.emptySince ??= now;
      if (now - this.emptySince >= (deps.emptyStopMs ?? 0)) return 'stop';
    } else {
      this.emptySince = undefined;
    }
    const seq = ++this.appended;
    const value: StoredEvent = { seq, sentAt: now };
    const { offset } = await deps.log.append(logStream(this.labId), value);
    // `sent` moves only when the event really leaves, so a subscriber can tell "already sent" from "coming".
    this.sent = seq;
    deps.send(this.labId, { seq, offset, sentAt: now });
    return 'ok';
  }
}

export const logStream = (labId: string) => `missed:${labId}`;

export class MissedStreams {
  private readonly streams = new Map<string, LabStream>();
  private readonly deps: StreamDeps;
  private readonly defaultRate: number;
  private readonly loop: LeaseLoop | undefined;

  constructor(deps: StreamDeps, defaultRate: number) {
    this.deps = deps;
    this.defaultRate = Math.min(defaultRate, deps.maxRate);
    const shared = deps.shared;
    if (shared) {
      this.loop = new LeaseLoop({
        leases: shared.leases,
        clock: deps.clock,
        logger: shared.logger,
        ttlMs: shared.ttlMs,
        everyMs: shared.renewMs,
        wanted: () => shared.settings.running(deps.clock.now()),
        gained: (labId) => this.gained(labId),
        renewed: (labId) => this.renewed(labId),
        lost: (labId) => this.streams.get(labId)?.setTimer(undefined),
      });
      this.loop.start();
    }
  }

  get isShared(): boolean {
    return this.loop !== undefined;
  }

  /** Whether this node runs the lab's timer: always alone; with many nodes, while it holds the lease. */
  runsHere(labId: string): boolean {
    return !this.loop || this.loop.holds(labId);
  }

  /**
   * Applies a learner's change and, with many nodes, publishes it: the node holding the lease picks it up
   * within a renewal, and a stream just switched on is taken by some node at once.
   */
  async apply(
    labId: string,
    patch: { running?: boolean; rate?: number; dropFirstAck?: boolean; dedupe?: boolean },
  ): Promise<MissedStatus> {
    const shared = this.deps.shared;
    if (shared && !this.runsHere(labId)) await this.current(labId);
    const status = this.configure(labId, patch);
    if (!shared || !this.loop) return status;
    const stream = this.get(labId);
    await shared.settings.save(labId, stream.settings(), this.deps.clock.now());
    if (stream.running) await this.loop.kick();
    else await this.loop.release(labId);
    return this.get(labId).status(this.deps.maxRate);
  }

  /** The lab's stream with its shared switches and count read back, when another node runs it. */
  async current(labId: string): Promise<LabStream> {
    const stream = this.get(labId);
    if (!this.deps.shared || this.runsHere(labId)) return stream;
    const settings = await this.deps.shared.settings.load(labId);
    if (settings) stream.adopt(settings, this.deps.maxRate);
    else stream.running = false;
    await this.readSent(stream);
    return stream;
  }

  /** With another node sending: the last number in the shared log (sent, or about to be). */
  async readSent(stream: LabStream): Promise<number> {
    if (!this.runsHere(stream.labId)) stream.sent = (await this.deps.log.last(logStream(stream.labId)))?.value.seq ?? 0;
    return stream.sent;
  }

  private async gained(labId: string): Promise<void> {
    const settings = await this.deps.shared!.settings.load(labId);
    if (!settings?.running) return this.loop!.release(labId);
    const stream = this.get(labId);
    stream.adopt(settings, this.deps.maxRate);
    const last = await this.deps.log.last(logStream(labId));
    stream.resumeAfter(last?.value.seq ?? 0);
    this.startTimer(stream);
  }

  private async renewed(labId: string): Promise<void> {
    const shared = this.deps.shared!;
    const settings = await shared.settings.load(labId);
    const stream = this.get(labId);
    if (!settings?.running) {
      stream.running = false;
      return this.loop!.release(labId);
    }
    // A changed rate restarts the timer; so does a missing one (taking the lease over failed half-way).
    if (stream.adopt(settings, this.deps.maxRate) || !stream.hasTimer) {
      if (!stream.hasTimer) stream.resumeAfter((await this.deps.log.last(logStream(labId)))?.value.seq ?? 0);
      this.startTimer(stream);
    }
    await shared.settings.refresh(labId, this.deps.clock.now());
    shared.renewed?.(labId);
  }

  get(labId: string): LabStream {
    let stream = this.streams.get(labId);
    if (!stream) {
      stream = new LabStream(labId, this.defaultRate);
      this.streams.set(labId, stream);
    }
    return stream;
  }

  status(labId: string): MissedStatus {
    return this.get(labId).status(this.deps.maxRate);
  }

  configure(
    labId: string,
    patch: { running?: boolean; rate?: number; dropFirstAck?: boolean; dedupe?: boolean },
  ): MissedStatus {
    const stream = this.get(labId);
    if (patch.rate !== undefined) stream.rate = Math.min(patch.rate, this.deps.maxRate);
    if (patch.dropFirstAck !== undefined) stream.dropFirstAck = patch.dropFirstAck;
    if (patch.dedupe !== undefined) stream.dedupe = patch.dedupe;
    if (patch.running !== undefined) stream.running = patch.running;
    this.schedule(stream);
    return stream.status(this.deps.maxRate);
  }

  /** (Re)starts or stops the lab's timer to match running and rate (with many nodes: only on the holder). */
  private schedule(stream: LabStream): void {
    if (!stream.running) {
      stream.setTimer(undefined);
      return;
    }
    if (this.runsHere(stream.labId)) this.startTimer(stream);
  }

  private startTimer(stream: LabStream): void {
    const timer = setInterval(() => {
      // A holder that cannot be sure of its lease any more (a stalled event loop) skips rather than race.
      if (!this.runsHere(stream.labId)) return;
      stream.tick(this.deps).then(
        (result) => {
          if (result === 'stop') this.stop(stream.labId);
        },
        (err: unknown) => this.deps.shared?.logger.error('missed.tick.failed', { error: String(err) }),
      );
    }, 1000 / stream.rate);
    timer.unref?.();
    stream.setTimer(timer);
  }

  private stop(labId: string): void {
    const stream = this.streams.get(labId);
    if (!stream) return;
    if (stream.running) this.deps.stopped?.(labId);
    stream.running = false;
    stream.setTimer(undefined);
    if (this.deps.shared && this.loop) {
      // Stopped by its holder (nobody left in the lab): every node hears it, and the lease is free at once.
      const { settings } = this.deps.shared;
      void settings.save(labId, stream.settings(), this.deps.clock.now()).catch(() => undefined);
      void this.loop.release(labId);
    }
    if (this.deps.presence(labId) === 'gone') {
      this.streams.delete(labId);
      void this.deps.log.drop(logStream(labId));
    }
  }

  /** Forgets the streams (and logs) of labs that no longer exist; returns how many. */
  sweep(): number {
    let removed = 0;
    const shared = this.deps.shared;
    for (const labId of [...this.streams.keys()]) {
      // With many nodes a lab is never 'gone' (another node may have it): a node forgets its copy of a stream it
      // does not run once the lab is unknown here; the shared log and switches expire in Redis by themselves.
      if (shared && !this.runsHere(labId) && !shared.knownHere(labId)) {
        this.streams.delete(labId);
        removed++;
        continue;
      }
      if (this.deps.presence(labId) !== 'gone') continue;
      this.stop(labId);
      removed++;
    }
    return removed;
  }

  /** Stops every timer; with many nodes, hands the leases back so another node takes the streams over now. */
  async close(): Promise<void> {
    for (const stream of this.streams.values()) stream.setTimer(undefined);
    this.streams.clear();
    await this.loop?.close();
  }
}
