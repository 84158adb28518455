// queue:* — the "Message queues" lesson. Each lab gets its own bounded broker (in memory, or Redis Streams when
// the node runs on a shared Redis). Producers publish with a real emit, the broker hands each delivery to a
// consumer socket with a real emit, and consumers ack or nack with real emits. A consumer whose socket
// disconnects is removed from the broker at once, so its unacked messages are handed back immediately (a consumer
// that stays connected but never acks waits for the visibility timeout).
import type { QueuePublishReceipt } from '../../src/contract/index.ts';
import { EmptySchema } from '../schemas/common.ts';
import { queueSchemas } from '../schemas/queue-lab.ts';
import { UserError } from '../errors.ts';
import type { DemoServer, Feature, FeatureContext } from '../feature.ts';
import { RedisLeases } from '../scale/lease.ts';
import { LeaseLoop } from '../scale/lease-loop.ts';
import { SharedQueueSettings } from './queue-lab-shared.ts';
import { SharedQueueConsumers } from './queue-lab-consumers.ts';
import { LabQueue, type SharedQueue } from './queue-lab-store.ts';
import { requireLab } from './require-lab.ts';

/** Labs' queues, per demo server (a test's server and the real one never share). */
const registries = new WeakMap<DemoServer, Map<string, LabQueue>>();
/** On Redis, per demo server: the loop holding this node's queue tick leases. */
const tickLoops = new WeakMap<DemoServer, LeaseLoop>();
/** On Redis, per demo server: the version and settings every node's queue for a lab follows, and its consumers. */
const sharedQueues = new WeakMap<DemoServer, SharedQueue>();

function queues(ctx: FeatureContext): Map<string, LabQueue> {
  let map = registries.get(ctx.io);
  if (!map) {
    map = new Map();
    registries.set(ctx.io, map);
  }
  return map;
}

/** The labs that have a queue right now on this server (for tests and health checks). */
export function labsWithQueues(io: DemoServer): string[] {
  return [...(registries.get(io)?.keys() ?? [])];
}

/** The lab's queue, made on first use. */
function queueFor(ctx: FeatureContext, labId: string): LabQueue {
  const map = queues(ctx);
  let queue = map.get(labId);
  if (!queue) {
    queue = new LabQueue(ctx, labId, () => map.delete(labId), sharedQueues.get(ctx.io));
    map.set(labId, queue);
  }
  return queue;
}

/** Delivery tags restart with every rebuilt queue: an ack from before a settings change must not settle a new message. */
function checkVersion(queue: LabQueue, version: number | undefined): void {
  if (version !== undefined && version !== queue.version) {
    throw new UserError(
      `That delivery came from an older queue (version ${version}); the settings changed since, so there is nothing to settle.`,
    );
  }
}

/**
 * On Redis, the visibility timeout of a lab's queue runs on one node: the holder of the lab's tick lease. Only a
 * node with consumers of that lab wants it (claimed deliveries go to the claiming node's own consumers), and it
 * gives the lease up once its consumers are gone, so a node that has some takes over.
 */
function tickLeases(ctx: FeatureContext): LeaseLoop {
  const { redis, key, nodeId } = ctx.scale;
  const { leaseTtlMs: ttlMs, leaseRenewMs: everyMs } = ctx.limits;
  const mine = () => [...queues(ctx)].filter(([, queue]) => queue.localConsumers > 0).map(([labId]) => labId);
  const loop: LeaseLoop = new LeaseLoop({
    leases: new RedisLeases(redis!, nodeId, ttlMs, (labId) => key('lease', 'queue', labId)),
    clock: ctx.clock,
    logger: ctx.logger,
    ttlMs,
    everyMs,
    wanted: () => Promise.resolve(mine()),
    gained: () => Promise.resolve(),
    async renewed(labId) {
      if (!(queues(ctx).get(labId)?.localConsumers ?? 0)) await loop.release(labId);
    },
    lost: () => undefined,
  });
  loop.start();
  return loop;
}

export const queueLabFeature: Feature = {
  name: 'queue-lab',
  setup(ctx) {
    let shared: SharedQueueSettings | undefined;
    let loop: LeaseLoop | undefined;
    if (ctx.scale.redis) {
      // The settings outlive the lab's idle expiry by a minute, as the broker's keys do.
      shared = new SharedQueueSettings(ctx.scale, ctx.limits.labIdleMs + 60_000, ctx.logger);
      loop = tickLeases(ctx);
      // The consumer list lives as long as the settings do.
      const consumers = new SharedQueueConsumers(ctx.scale, ctx.limits.labIdleMs + 60_000);
      sharedQueues.set(ctx.io, { settings: shared, consumers, holdsTick: (labId) => loop!.holds(labId) });
      tickLoops.set(ctx.io, loop);
      // Another node changed a lab's queue: a node running that lab's queue too rebuilds at the new version.
      shared.onRemoteChange((labId) => void queues(ctx).get(labId)?.follow());
    }
    ctx.onClose(async () => {
      await Promise.all([...queues(ctx).values()].map((queue) => queue.unlist()));
      for (const queue of queues(ctx).values()) queue.close();
      queues(ctx).clear();
      // A clean shutdown hands the tick leases back, so another node takes the timeouts over at once.
      await loop?.close();
      await shared?.close();
    });
  },
  events(ctx) {
    const schemas = queueSchemas();
    return {
      'queue:configure': {
        schema: schemas.settings,
        async fn(socket, settings, handler) {
          const queue = queueFor(ctx, requireLab(socket));
          await queue.configure(settings, socket.data.name);
          handler.afterAck(() => queue.broadcastState());
          return queue.state();
        },
      },

      'queue:state': {
        schema: EmptySchema,
        async fn(socket) {
          const queue = queueFor(ctx, requireLab(socket));
          await queue.ready;
          return queue.state();
        },
      },

      'queue:subscribe': {
        schema: EmptySchema,
        async fn(socket, _payload, handler) {
          const queue = queueFor(ctx, requireLab(socket));
          await queue.ready;
          // Consumers attach after the ack, so the subscriber knows it is one before its first delivery arrives.
          handler.afterAck(() => {
            queue.subscribe(socket).then(
              () => {
                queue.broadcastState();
                // A first consumer on this node: ask for the tick lease now rather than at the next round.
                void tickLoops.get(ctx.io)?.kick();
              },
              (err: Error) => ctx.logger.warn('queue.subscribe', { error: err.message }),
            );
          });
          return queue.state();
        },
      },

      'queue:publish': {
        schema: schemas.publish,
        async fn(socket, { text, poison, dedupeKey }): Promise<QueuePublishReceipt> {
          const queue = queueFor(ctx, requireLab(socket));
          await queue.ready;
          const result = await queue.publish({ text, poison: poison ?? false }, dedupeKey);
          switch (result.status) {
            case 'enqueued':
              return { status: 'enqueued', messageId: result.messageId, copies: result.copies };
            case 'deduped':
              return { status: 'deduped', messageId: result.messageId, dedupeKey: result.dedupeKey };
            case 'dropped':
              return {
                status: 'dropped',
                messageId: result.messageId,
                reason: 'nobody is subscribed, so fan-out has no one to copy it to',
              };
            case 'refused':
              return { status: 'refused', messageId: result.messageId, error: result.error };
          }
        },
      },

      'queue:ack': {
        schema: schemas.ack,
        async fn(socket, { tag, version }) {
          const queue = queueFor(ctx, requireLab(socket));
          await queue.ready;
          checkVersion(queue, version);
          const result = await queue.broker.ack(socket.id, tag);
          if (!result.ok) throw new UserError(result.error);
          return { settled: true as const };
        },
      },

      'queue:nack': {
        schema: schemas.nack,
        async fn(socket, { tag, version, requeue }) {
          const queue = queueFor(ctx, requireLab(socket));
          await queue.ready;
          checkVersion(queue, version);
          const result = await queue.broker.nack(socket.id, tag, { requeue: requeue ?? true });
          if (!result.ok) throw new UserError(result.error);
          return { settled: true as const };
        },
      },
    };
  },
  left(socket, ctx, labId) {
    const queue = queues(ctx).get(labId);
    queue?.unsubscribe(socket.id).then(
      (was) => was && queue.broadcastState(),
      (err: Error) => ctx.logger.warn('queue.unsubscribe', { lab: labId, error: err.message }),
    );
  },
};
