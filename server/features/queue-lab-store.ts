// One broker per lab, with the sockets that consume from it: the in-memory QueueBroker when the node is alone, the
// Redis Streams broker when it runs on a shared Redis. The broker is stepped by a timer per lab (real clock in
// production, ManualClock in tests): tick() hands back deliveries whose visibility timeout passed. Removed when
// the lab is gone (the tick notices) or the server closes. Operations on one lab's queue run one after another
// (each broker call is awaited), so a publish and an ack never interleave on this node.
import type { QueueLabEvent, QueueLabState, QueueSettings } from '../../src/contract/index.ts';
import { DEFAULT_QUEUE_SETTINGS } from '../../src/contract/index.ts';
import type { DemoSocket, FeatureContext } from '../feature.ts';
import { labRoom } from '../labs.ts';
import { InMemoryQueue, QueueBroker, RedisStreamsQueue } from '../store/queue.ts';
import type { AsyncMessageQueue, LifecycleEvent } from '../store/queue.ts';
import type { SharedQueueConsumers } from './queue-lab-consumers.ts';
import type { SharedQueueConfig, SharedQueueSettings } from './queue-lab-shared.ts';

export interface Body {
  text: string;
  poison: boolean;
}

interface Consumer {
  name: string;
  socket: DemoSocket;
  /** Its number in the lab's shared list (queue-lab-consumers.ts), once listed there. */
  seq?: number;
}

/** On a shared Redis: what every node's queue for a lab follows, and the lab's consumers on all nodes. */
export interface SharedQueue {
  settings: SharedQueueSettings;
  consumers: SharedQueueConsumers;
  holdsTick(labId: string): boolean;
}

/** Texts of recent messages, so lifecycle events can say which job they are about. Bounded. */
const MAX_TEXTS = 200;

export class LabQueue {
  readonly labId: string;
  settings: QueueSettings = DEFAULT_QUEUE_SETTINGS;
  version = 0;
  changedBy?: string;
  broker!: AsyncMessageQueue<Body>;
  private readonly ctx: FeatureContext;
  private readonly consumers = new Map<string, Consumer>();
  private readonly texts = new Map<string, Body>();
  /** Names of consumers that left recently, for events about them that arrive after they went. Bounded. */
  private readonly departed = new Map<string, string>();
  private readonly timer: NodeJS.Timeout;
  private seq = 0;
  private ticking = false;
  private failing = false;
  private stopListening: () => void = () => {};
  private readonly onGone: () => void;
  /** On Redis: the version and settings every node's queue for this lab follows. */
  private readonly shared?: SharedQueueSettings;
  /** On Redis: the lab's consumer list across nodes (this node writes its own consumers there). */
  private readonly listed?: SharedQueueConsumers;
  /** Rebuilds run one after another, so a remote change and a local one never interleave their steps. */
  private rebuilding: Promise<void> = Promise.resolve();
  private refreshedAt = 0;
  /** A change this node is saving to Redis, so a load racing it does not build the older version first. */
  private configuring?: Promise<void>;
  /** Settled once the queue runs the lab's current version (loaded from Redis on a shared store). */
  readonly ready: Promise<void>;

  /** On Redis: whether this node holds the lab's tick lease (it alone runs the visibility timeout). */
  private readonly claims: () => boolean;

  constructor(ctx: FeatureContext, labId: string, onGone: () => void, shared?: SharedQueue) {
    this.ctx = ctx;
    this.labId = labId;
    this.onGone = onGone;
    this.shared = shared?.settings;
    this.listed = shared?.consumers;
    this.claims = shared ? () => shared.holdsTick(labId) : () => true;
    this.ready = shared ? this.follow() : this.rebuild(DEFAULT_QUEUE_SETTINGS);
    this.timer = setInterval(() => this.tick(), ctx.limits.queueTickMs);
    this.timer.unref();
  }

  /** A learner's change: on Redis it becomes the lab's next version on every node, else this node's next one. */
  configure(settings: QueueSettings, changedBy?: string): Promise<void> {
    if (!this.shared) return this.rebuild(settings, changedBy);
    const step = this.shared
      .save(this.labId, settings, changedBy)
      .then((version) => this.rebuild(settings, changedBy, version));
    this.configuring = step.catch(() => undefined);
    return step;
  }

  /** Rebuilds at the lab's version in Redis, if it is newer than this node's (another node changed it). */
  follow(): Promise<void> {
    const shared = this.shared!;
    const built = () => (this.broker as AsyncMessageQueue<Body> | undefined) !== undefined;
    const adopt = (config: SharedQueueConfig | null) =>
      built() && !config
        ? undefined
        : this.rebuild(config?.settings ?? DEFAULT_QUEUE_SETTINGS, config?.changedBy, config?.version ?? 1);
    return shared.load(this.labId).then(
      // A change under way on this node brings a newer version: building the one loaded first would only make
      // a broker (and its Redis commands) to throw away.
      (config) => (this.configuring && !built() ? this.configuring.then(() => adopt(config)) : adopt(config)),
      (err: Error) => {
        this.failed('load', err);
        // Redis is away: run the defaults for now rather than no queue at all (a later change is followed again).
        if (!(this.broker as AsyncMessageQueue<Body> | undefined))
          return this.rebuild(DEFAULT_QUEUE_SETTINGS, undefined, 1);
      },
    );
  }

  /**
   * New settings mean a new, empty queue (the old one's keys are deleted); the consumers carry over. `version`
   * given (shared store): only a newer one is built, so nodes hearing changes in any order end on the same one.
   */
  rebuild(settings: QueueSettings, changedBy?: string, version?: number): Promise<void> {
    const step = this.rebuilding.then(() => {
      const built = (this.broker as AsyncMessageQueue<Body> | undefined) !== undefined;
      if (version !== undefined && built && version <= this.version) return;
      return this.build(settings, changedBy, version ?? this.version + 1);
    });
    this.rebuilding = step.catch(() => undefined);
    return step;
  }

  private async build(settings: QueueSettings, changedBy: string | undefined, version: number): Promise<void> {
    this.stopListening();
    const old = this.broker as AsyncMessageQueue<Body> | undefined;
    this.settings = settings;
    this.changedBy = changedBy;
    this.version = version;
    this.texts.clear();
    this.seq = 0;
    this.broker = this.makeBroker(settings);
    const stopEvents = this.broker.onLifecycle((event) => this.relay(version, event));
    const stopCommands = this.broker.onCommand((command) =>
      this.ctx.io.to(labRoom(this.labId)).emit('queue:command', { version, ...command }),
    );
    this.stopListening = () => {
      stopEvents();
      stopCommands();
    };
    // The consumers carry over now, before anything is awaited: a socket subscribing while the old broker is
    // destroyed attaches itself to this one, and attaching it here as well would fail ("already exists") and
    // leave the new queue short of consumers. The broker queues the calls in order.
    const attached = [...this.consumers].map(([id, consumer]) => this.attach(id, consumer));
    if (old) await old.destroy().catch((err: Error) => this.failed('destroy', err));
    await Promise.all(attached);
  }

  private makeBroker(settings: QueueSettings): AsyncMessageQueue<Body> {
    const options = {
      clock: this.ctx.clock,
      mode: settings.mode,
      ack: settings.ack,
      prefetch: settings.prefetch,
      maxDeliveries: settings.maxDeliveries ?? Infinity,
      visibilityTimeoutMs: settings.visibilityMs,
      dedupe: settings.dedupe,
      maxDepth: this.ctx.limits.queueMaxDepth,
      maxDeadLetters: 50,
      dedupeWindowMs: 60_000,
      maxDedupeKeys: 500,
    };
    const redis = this.ctx.scale.redis;
    if (!redis) return new InMemoryQueue(new QueueBroker<Body>(options));
    return new RedisStreamsQueue<Body>({
      ...options,
      redis: redis.client,
      // One key prefix per lab and queue version: a rebuilt queue never sees the old one's entries.
      keyPrefix: this.ctx.scale.key('queue', this.labId, String(this.version)),
      // An abandoned lab's keys outlive the lab's own idle expiry by a minute, then Redis drops them.
      ttlMs: this.ctx.limits.labIdleMs + 60_000,
    });
  }

  /** A broker lifecycle event, with names instead of socket ids, to everyone in the lab. */
  private relay(version: number, event: LifecycleEvent<Body>): void {
    if (event.body) this.remember(event.messageId, event.body);
    const body = this.texts.get(event.messageId);
    const out: QueueLabEvent = {
      version,
      type: event.type,
      messageId: event.messageId,
      text: body?.text,
      poison: body?.poison,
      consumer: this.nameOf(event.consumerId ?? (this.settings.mode === 'fanout' ? event.group : undefined)),
      attempt: event.attempt,
      reason: event.reason,
      at: event.at,
      depth: event.depth,
      inFlight: event.inFlight,
      deadLetters: event.deadLetters,
    };
    this.ctx.io.to(labRoom(this.labId)).emit('queue:event', out);
  }

  /** How many of this node's sockets consume from the queue (the tick lease is wanted only where some do). */
  get localConsumers(): number {
    return this.consumers.size;
  }

  async subscribe(socket: DemoSocket): Promise<void> {
    await this.ready;
    if (this.consumers.has(socket.id)) return;
    const consumer: Consumer = { name: socket.data.name ?? '?', socket };
    this.consumers.set(socket.id, consumer);
    await this.attach(socket.id, consumer);
    await this.listed?.add(this.labId, socket.id, consumer.name).then(
      (seq) => (consumer.seq = seq),
      (err: Error) => this.failed('list', err),
    );
  }

  /** A consumer's socket went away (crashed, closed, or left): the broker decides what happens to its messages. */
  async unsubscribe(socketId: string): Promise<boolean> {
    if (!this.consumers.has(socketId)) return false;
    // The Redis broker sends the removal's events after its round trips: keep the name for them.
    this.departed.set(socketId, this.consumers.get(socketId)!.name);
    while (this.departed.size > MAX_TEXTS) this.departed.delete(this.departed.keys().next().value as string);
    const removing = this.broker.removeConsumer(socketId);
    this.consumers.delete(socketId);
    const unlisting = this.listed?.remove(this.labId, [socketId]).catch((err: Error) => this.failed('list', err));
    await Promise.all([removing, unlisting]);
    return true;
  }

  /**
   * In memory, lifecycle events fire inside publish(), so the id is chosen here and the body remembered first.
   * On Redis the broker numbers messages itself (INCR on the queue's counter, so two nodes never both make "m1")
   * and its events carry the body.
   */
  publish(body: Body, dedupeKey: string | undefined) {
    if (this.broker.kind === 'redis-streams') return this.broker.publish({ body, dedupeKey });
    const id = `m${++this.seq}`;
    this.remember(id, body);
    return this.broker.publish({ id, body, dedupeKey });
  }

  async state(): Promise<QueueLabState> {
    const local = [...this.consumers].map(([id, c]) => ({ id, name: c.name }));
    // On Redis the list is the lab's, every node's consumers; while Redis is away, this node's own at least.
    const numbered = [...this.consumers].map(([id, c]) => ({ id, name: c.name, seq: c.seq }));
    const listing = this.listed?.list(this.labId, numbered).catch((err: Error) => {
      this.failed('list', err);
      return local;
    });
    const [stats, consumers] = await Promise.all([this.broker.stats(), listing ?? local]);
    return {
      settings: this.settings,
      broker: this.broker.kind,
      version: this.version,
      consumers,
      stats,
      maxDepth: this.ctx.limits.queueMaxDepth,
      changedBy: this.changedBy,
    };
  }

  broadcastState(): void {
    this.state().then(
      (state) => this.ctx.io.to(labRoom(this.labId)).emit('queue:state', state),
      (err: Error) => this.failed('state', err),
    );
  }

  /** A node shutting down cleanly takes its consumers off the lab's list at once (a crash waits for the expiry). */
  async unlist(): Promise<void> {
    await this.listed?.remove(this.labId, [...this.consumers.keys()]).catch((err: Error) => this.failed('list', err));
  }

  close(): void {
    clearInterval(this.timer);
    this.stopListening();
    this.consumers.clear();
  }

  /** Closes and deletes the broker's keys (the lab is gone). */
  private gone(): void {
    this.close();
    // A queue still loading its version when the lab went has no broker to delete yet.
    (this.broker as AsyncMessageQueue<Body> | undefined)?.destroy().catch((err: Error) => this.failed('destroy', err));
    this.listed?.clear(this.labId).catch((err: Error) => this.failed('list', err));
    this.onGone();
  }

  private tick(): void {
    if (!this.ctx.labs.get(this.labId)) return this.gone();
    if (!(this.broker as AsyncMessageQueue<Body> | undefined)) return; // still loading the lab's version
    this.refreshShared();
    // A slow Redis must not pile ticks up: one at a time per lab.
    if (this.ticking) return;
    this.ticking = true;
    this.broker
      .tick({ claim: this.claims() })
      .then(() => {
        this.failing = false;
      })
      .catch((err: Error) => this.failed('tick', err))
      .finally(() => {
        this.ticking = false;
      });
  }

  /** A lab in use keeps its shared settings: refreshed a few times per expiry period, not on every tick. */
  private refreshShared(): void {
    const now = this.ctx.clock.now();
    if (!this.shared || now - this.refreshedAt < this.ctx.limits.labIdleMs / 4) return;
    this.refreshedAt = now;
    this.shared.refresh(this.labId).catch((err: Error) => this.failed('refresh', err));
    this.listed?.refresh(this.labId).catch((err: Error) => this.failed('refresh', err));
  }

  /** Logged once per outage, not on every tick while Redis is away. */
  private failed(step: string, err: Error): void {
    if (this.failing) return;
    this.failing = true;
    this.ctx.logger.warn('queue.broker', { lab: this.labId, step, error: err.message });
  }

  /** In fan-out each consumer is its own group, named by its socket id: both map to the consumer's name. */
  private nameOf(id: string | undefined): string | undefined {
    return id === undefined ? undefined : (this.consumers.get(id)?.name ?? this.departed.get(id) ?? '(gone)');
  }

  private attach(id: string, consumer: Consumer): Promise<void> {
    const version = this.version;
    return this.broker.addConsumer(id, (d) =>
      consumer.socket.emit('queue:deliver', {
        version,
        tag: d.deliveryTag,
        messageId: d.messageId,
        text: d.body.text,
        poison: d.body.poison,
        attempt: d.attempt,
        redelivered: d.redelivered,
      }),
    );
  }

  private remember(id: string, body: Body): void {
    this.texts.set(id, body);
    while (this.texts.size > MAX_TEXTS) this.texts.delete(this.texts.keys().next().value as string);
  }
}
