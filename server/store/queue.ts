// Entry point for the queues lab broker; the implementation lives in queue/.
export { QueueBroker } from './queue/broker.ts';
export type {
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
