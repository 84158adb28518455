// Entry point for the queues lab broker; the implementation lives in queue/.
export { QueueBroker } from './queue/broker.ts';
export { InMemoryQueue } from './queue/memory-async.ts';
export { RedisStreamsQueue } from './queue/redis-broker.ts';
export type { RedisQueueOptions } from './queue/redis-broker.ts';
export type {
  AsyncMessageQueue,
  BrokerCommand,
  BrokerKind,
  CommandListener,
  ConsumerOptions,
  DeadLetter,
  DeliverFn,
  Delivery,
  LifecycleEvent,
  LifecycleListener,
  LifecycleReason,
  LifecycleType,
  MessageQueue,
  PublishInput,
  PublishResult,
  QueueMode,
  QueueOptions,
  QueueSnapshot,
  QueueStats,
  SettleResult,
} from './queue/types.ts';
