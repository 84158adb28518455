// One QueueBroker per lab, with the sockets that consume from it. The broker is stepped by a timer per lab
// (real clock in production, ManualClock in tests): tick() hands back deliveries whose visibility timeout passed.
// Removed when the lab is gone (the tick notices) or the server closes.
import type { QueueLabEvent, QueueLabState, QueueSettings } from '../../src/contract/index.ts';
import { DEFAULT_QUEUE_SETTINGS } from '../../src/contract/index.ts';
import type { DemoSocket, FeatureContext } from '../feature.ts';
import { labRoom } from '../labs.ts';
import { QueueBroker } from '../store/queue.ts';

export interface Body {
  text: string;
  poison: boolean;
}

interface Consumer {
  name: string;
  socket: DemoSocket;
}

/** Texts of recent messages, so lifecycle events can say which job they are about. Bounded. */
const MAX_TEXTS = 200;

export class LabQueue {
  readonly labId: string;
  settings: QueueSettings = DEFAULT_QUEUE_SETTINGS;
  version = 0;
  changedBy?: string;
  broker!: QueueBroker<Body>;
  private readonly ctx: FeatureContext;
  private readonly consumers = new Map<string, Consumer>();
  private readonly texts = new Map<string, Body>();
  private readonly timer: NodeJS.Timeout;
  private seq = 0;
  private stopListening: () => void = () => {};
  private readonly onGone: () => void;

  constructor(ctx: FeatureContext, labId: string, onGone: () => void) {
    this.ctx = ctx;
    this.labId = labId;
    this.onGone = onGone;
    this.rebuild(DEFAULT_QUEUE_SETTINGS);
    this.timer = setInterval(() => this.tick(), ctx.limits.queueTickMs);
    this.timer.unref();
  }

  /** New settings mean a new, empty queue; the consumers already subscribed carry over. */
  rebuild(settings: QueueSettings, changedBy?: string): void {
    this.stopListening();
    this.settings = settings;
    this.changedBy = changedBy;
    this.version++;
    this.texts.clear();
    this.seq = 0;
    this.broker = new QueueBroker<Body>({
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
    });
    const version = this.version;
    this.stopListening = this.broker.onLifecycle((event) => {
      const body = this.texts.get(event.messageId);
      const out: QueueLabEvent = {
        version,
        type: event.type,
        messageId: event.messageId,
        text: body?.text,
        poison: body?.poison,
        consumer: this.nameOf(event.consumerId ?? (settings.mode === 'fanout' ? event.group : undefined)),
        attempt: event.attempt,
        reason: event.reason,
        at: event.at,
        depth: event.depth,
        inFlight: event.inFlight,
        deadLetters: this.broker.stats().deadLetters,
      };
      this.ctx.io.to(labRoom(this.labId)).emit('queue:event', out);
    });
    for (const [id, consumer] of this.consumers) this.attach(id, consumer);
  }

  subscribe(socket: DemoSocket): void {
    if (this.consumers.has(socket.id)) return;
    const consumer = { name: socket.data.name ?? '?', socket };
    this.consumers.set(socket.id, consumer);
    this.attach(socket.id, consumer);
  }

  /** A consumer's socket went away (crashed, closed, or left): the broker decides what happens to its messages. */
  unsubscribe(socketId: string): boolean {
    if (!this.consumers.has(socketId)) return false;
    this.broker.removeConsumer(socketId);
    this.consumers.delete(socketId);
    return true;
  }

  publish(body: Body, dedupeKey: string | undefined) {
    // Lifecycle events fire inside publish(), so the id is chosen here and the body remembered first.
    const id = `m${++this.seq}`;
    this.remember(id, body);
    return this.broker.publish({ id, body, dedupeKey });
  }

  state(): QueueLabState {
    return {
      settings: this.settings,
      version: this.version,
      consumers: [...this.consumers].map(([id, c]) => ({ id, name: c.name })),
      stats: this.broker.stats(),
      maxDepth: this.ctx.limits.queueMaxDepth,
      changedBy: this.changedBy,
    };
  }

  broadcastState(): void {
    this.ctx.io.to(labRoom(this.labId)).emit('queue:state', this.state());
  }

  close(): void {
    clearInterval(this.timer);
    this.stopListening();
    this.consumers.clear();
  }

  private tick(): void {
    if (!this.ctx.labs.get(this.labId)) {
      this.close();
      this.onGone();
      return;
    }
    this.broker.tick();
  }

  /** In fan-out each consumer is its own group, named by its socket id: both map to the consumer's name. */
  private nameOf(id: string | undefined): string | undefined {
    return id === undefined ? undefined : (this.consumers.get(id)?.name ?? '(gone)');
  }

  private attach(id: string, consumer: Consumer): void {
    const version = this.version;
    this.broker.addConsumer(id, (d) =>
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
