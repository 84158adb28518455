// Redis clients that survive Redis going away at the wrong moment. node-redis forgets a SUBSCRIBE whose
// confirmation never came (the connection dropped first): it rejects the call and, once reconnected, does not send
// it again, so a blip in a node's first second left it deaf to that channel for good. And the Streams adapter
// sends some PUBLISHes without a catch, so one cut off by a drop was an unhandled rejection that ended the process.
import type { RedisClientType } from '@redis/client';

/** Waits for the client's next "ready"; rejects with `cause` if the client is closed first. */
function nextReady(client: RedisClientType, cause: unknown): Promise<void> {
  return new Promise((resolve, reject) => {
    const ready = () => {
      client.off('end', end);
      resolve();
    };
    const end = () => {
      client.off('ready', ready);
      reject(cause instanceof Error ? cause : new Error(String(cause)));
    };
    client.once('ready', ready);
    client.once('end', end);
  });
}

/**
 * Makes `client.subscribe` resolve once Redis has confirmed the subscription, sending it again after each
 * reconnect that cut it off; it rejects only if the client is closed (quit or destroyed) first.
 */
export function lastingSubscribe(client: RedisClientType): RedisClientType {
  const subscribe = client.subscribe.bind(client) as (...args: unknown[]) => Promise<void>;
  const lasting = async (...args: unknown[]) => {
    for (;;) {
      try {
        return await subscribe(...args);
      } catch (err) {
        if (!client.isOpen) throw err;
        await nextReady(client, err);
      }
    }
  };
  client.subscribe = lasting as unknown as RedisClientType['subscribe'];
  return client;
}

/**
 * The command client as the Socket.IO Streams adapter should see it: its subscriber client subscribes lastingly
 * (and the adapter, which drops that promise, never sees it reject), and a PUBLISH cut off by a loss resolves
 * with 0 receivers after `onLost` is told. Everything else is the client itself.
 */
export function adapterClient(client: RedisClientType, onLost: (what: string, err: unknown) => void): RedisClientType {
  const duplicate = () => {
    const copy = lastingSubscribe(client.duplicate() as RedisClientType);
    const subscribe = copy.subscribe.bind(copy) as (...args: unknown[]) => Promise<void>;
    copy.subscribe = ((...args: unknown[]) =>
      subscribe(...args).catch((err) => onLost('subscribe', err))) as unknown as RedisClientType['subscribe'];
    return copy;
  };
  const publish = (...args: unknown[]) =>
    (client.publish as (...a: unknown[]) => Promise<number>)(...args).catch((err: unknown) => {
      onLost('publish', err);
      return 0;
    });
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'duplicate') return duplicate;
      if (prop === 'publish') return publish;
      const value = Reflect.get(target, prop, target) as unknown;
      // node-redis methods reach private fields through `this`: they must run on the client, not on the proxy.
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
