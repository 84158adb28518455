// The adapter node A and node B share when the demo server has no Redis: Socket.IO's own ClusterAdapter base
// class (the one the Redis Streams adapter extends) over a bus inside this process. Messages are copied and
// delivered on a later turn of the event loop, as a network would: no node sees another's objects or runs
// inside its call stack. A real deployment puts Redis (or another broker) where this bus is.
import type { Namespace } from 'socket.io';
import { ClusterAdapterWithHeartbeat, type ClusterMessage, type ClusterResponse } from 'socket.io-adapter';

export class InProcessBus {
  private readonly adapters = new Set<InProcessAdapter>();

  /**
   * The `adapter` option for each Server on this bus. Socket.IO calls `new` on it with each namespace: a plain
   * function (not an arrow) that returns an object works with `new`, as the official adapters' createAdapter does.
   */
  adapter(): (nsp: Namespace) => InProcessAdapter {
    const bus = this as InProcessBus;
    return function (nsp: Namespace) {
      return new InProcessAdapter(nsp, bus);
    };
  }

  add(adapter: InProcessAdapter): void {
    this.adapters.add(adapter);
  }

  remove(adapter: InProcessAdapter): void {
    this.adapters.delete(adapter);
  }

  publish(from: InProcessAdapter, message: ClusterMessage): void {
    for (const to of this.adapters) {
      if (to !== from) deliver(() => to.receive(structuredClone(message)));
    }
  }

  respond(requesterUid: string, response: ClusterResponse): void {
    for (const to of this.adapters) {
      if (to.serverId === requesterUid) deliver(() => to.receiveResponse(structuredClone(response)));
    }
  }
}

function deliver(fn: () => void): void {
  // A message the receiver cannot handle is dropped, as a broker would drop it; it must not throw into the sender.
  setImmediate(() => {
    try {
      fn();
    } catch {
      /* dropped */
    }
  });
}

export class InProcessAdapter extends ClusterAdapterWithHeartbeat {
  private readonly bus: InProcessBus;

  constructor(nsp: Namespace, bus: InProcessBus) {
    super(nsp, {});
    this.bus = bus;
    bus.add(this);
  }

  get serverId(): string {
    return this.uid;
  }

  receive(message: ClusterMessage): void {
    this.onMessage(message);
  }

  receiveResponse(response: ClusterResponse): void {
    this.onResponse(response);
  }

  protected override doPublish(message: ClusterMessage): Promise<string> {
    this.bus.publish(this, message);
    return Promise.resolve('');
  }

  protected override doPublishResponse(requesterUid: string, response: ClusterResponse): Promise<void> {
    this.bus.respond(requesterUid, response);
    return Promise.resolve();
  }

  override close(): void {
    super.close();
    this.bus.remove(this);
  }
}
