// One numbered stream per lab for the missed-events lab: a timer at the learner's rate appends each event to
// the offset log and then hands it to `send` (which emits it on both Socket.IO servers). Also keeps the lab's
// switches for the client→server half (drop the first ack, dedupe) and how often each event key was tried.
// No Socket.IO here: the feature wires it to sockets, tests can drive it alone.
import type { Clock } from '../clock.ts';
import type { MissedStatus, StreamEvent } from '../../src/contract/index.ts';
import type { OffsetLog } from '../store/offset-log.ts';

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

  constructor(deps: StreamDeps, defaultRate: number) {
    this.deps = deps;
    this.defaultRate = Math.min(defaultRate, deps.maxRate);
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

  /** (Re)starts or stops the lab's timer to match running and rate. */
  private schedule(stream: LabStream): void {
    if (!stream.running) {
      stream.setTimer(undefined);
      return;
    }
    const timer = setInterval(() => {
      void stream.tick(this.deps).then((result) => {
        if (result === 'stop') this.stop(stream.labId);
      });
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
    if (this.deps.presence(labId) === 'gone') {
      this.streams.delete(labId);
      void this.deps.log.drop(logStream(labId));
    }
  }

  /** Forgets the streams (and logs) of labs that no longer exist; returns how many. */
  sweep(): number {
    let removed = 0;
    for (const labId of [...this.streams.keys()]) {
      if (this.deps.presence(labId) !== 'gone') continue;
      this.stop(labId);
      removed++;
    }
    return removed;
  }

  close(): void {
    for (const stream of this.streams.values()) stream.setTimer(undefined);
    this.streams.clear();
  }
}
