/** One group's copy of a message. `seq` is the broker-wide publish order. */
export interface Copy<T> {
  seq: number;
  messageId: string;
  body: T;
  /** Deliveries so far. */
  attempts: number;
}

/**
 * Ready copies kept in publish order. New messages append; a copy coming back
 * (nack, timeout, crash) is slotted back at its original position, as
 * RabbitMQ tries to do. That keeps it ahead of younger messages, but anything
 * younger that was already delivered stays delivered: order still breaks.
 */
export class ReadyList<T> {
  private readonly items: Array<Copy<T>> = [];

  get length(): number {
    return this.items.length;
  }

  append(copy: Copy<T>): void {
    this.items.push(copy);
  }

  returnToPlace(copy: Copy<T>): void {
    let lo = 0;
    let hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.items[mid].seq < copy.seq) lo = mid + 1;
      else hi = mid;
    }
    this.items.splice(lo, 0, copy);
  }

  shift(): Copy<T> | undefined {
    return this.items.shift();
  }

  ids(): string[] {
    return this.items.map((copy) => copy.messageId);
  }
}
