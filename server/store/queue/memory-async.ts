// The in-memory broker behind the Promise-returning interface: every call does exactly what QueueBroker does,
// synchronously, and hands back a settled Promise. Nothing is stored outside this process.
import type { QueueBroker } from './broker.ts';
import type {
  AsyncMessageQueue,
  ConsumerOptions,
  DeadLetter,
  DeliverFn,
  LifecycleListener,
  PublishInput,
  PublishResult,
  QueueStats,
  SettleResult,
} from './types.ts';

export class InMemoryQueue<T> implements AsyncMessageQueue<T> {
  readonly kind = 'in-memory' as const;
  readonly broker: QueueBroker<T>;

  constructor(broker: QueueBroker<T>) {
    this.broker = broker;
  }

  async publish(input: PublishInput<T>): Promise<PublishResult> {
    return this.broker.publish(input);
  }

  async addConsumer(id: string, deliver: DeliverFn<T>, options?: ConsumerOptions): Promise<void> {
    this.broker.addConsumer(id, deliver, options);
  }

  async removeConsumer(id: string): Promise<boolean> {
    return this.broker.removeConsumer(id);
  }

  async ack(consumerId: string, deliveryTag: string): Promise<SettleResult> {
    return this.broker.ack(consumerId, deliveryTag);
  }

  async nack(consumerId: string, deliveryTag: string, options?: { requeue?: boolean }): Promise<SettleResult> {
    return this.broker.nack(consumerId, deliveryTag, options);
  }

  async tick(): Promise<number> {
    return this.broker.tick();
  }

  onLifecycle(listener: LifecycleListener<T>): () => void {
    // The in-memory broker never sets `body`, so a listener typed for T is safe here.
    return this.broker.onLifecycle(listener as LifecycleListener);
  }

  onCommand(): () => void {
    return () => {};
  }

  async stats(): Promise<QueueStats> {
    return this.broker.stats();
  }

  async deadLetters(): Promise<Array<DeadLetter<T>>> {
    return this.broker.deadLetters();
  }

  async destroy(): Promise<void> {}
}
