// The one Redis connection a node keeps when REDIS_URL is set (node-redis, the official client). Losing Redis is
// logged once per change and reported by /healthz; the client reconnects on its own with a capped back-off, and
// the node keeps serving what it can meanwhile.
import { createClient, type RedisClientType } from '@redis/client';
import type { Logger } from '../log.ts';
import { adapterClient, lastingSubscribe } from './redis-lasting.ts';

export interface RedisConnection {
  /** The command client: state, streams, leases. */
  client: RedisClientType;
  /** The command client as the Streams adapter is given it (redis-lasting.ts): a loss cannot end the process. */
  adapterClient: RedisClientType;
  /** Opens a second connection of the same kind (subscribers and blocking reads need their own); its subscribe
   * resolves once Redis confirmed it, sent again after a reconnect that cut it off. */
  duplicate(): Promise<RedisClientType>;
  /** True while the last state we saw was "ready". */
  reachable(): boolean;
  /** Calls `fn` each time the command client is ready again after a loss (not on the first connect). */
  onReady(fn: () => void): void;
  close(): Promise<void>;
}

/** Back-off between reconnects: 50 ms doubling to 2 s, so a node notices Redis is back within two seconds. */
export const reconnectDelay = (retries: number) => Math.min(50 * 2 ** retries, 2000);

export async function connectRedis(url: string, logger: Logger): Promise<RedisConnection> {
  let ready = false;
  let everReady = false;
  const returned: Array<() => void> = [];
  const opened: RedisClientType[] = [];
  const watch = (client: RedisClientType, role: string) => {
    client.on('ready', () => {
      if (role !== 'commands') return;
      if (!ready) logger.info('redis.ready', { role });
      const back = !ready && everReady;
      ready = everReady = true;
      // Work that failed while Redis was away (leaves) is sent again; one listener's error must not stop the rest.
      if (back) {
        for (const fn of returned) {
          try {
            fn();
          } catch (err) {
            logger.error('redis.ready.listener-failed', { error: String(err) });
          }
        }
      }
    });
    // An 'error' listener is required: without one node-redis throws the error and takes the process down.
    client.on('error', (err: Error) => {
      if (role === 'commands' && ready) logger.error('redis.lost', { role, error: err.message });
      if (role === 'commands') ready = false;
    });
    client.on('end', () => {
      if (role === 'commands') ready = false;
    });
    opened.push(client);
    return client;
  };
  const options = { url, socket: { reconnectStrategy: reconnectDelay, connectTimeout: 5000 } };
  const client = watch(createClient(options) as RedisClientType, 'commands');
  await client.connect();
  return {
    client,
    adapterClient: adapterClient(client, (what, err) =>
      logger.warn('redis.adapter.cut-off', { command: what, error: String(err) }),
    ),
    async duplicate() {
      const copy = watch(lastingSubscribe(client.duplicate() as RedisClientType), 'extra');
      await copy.connect();
      return copy;
    },
    reachable: () => ready,
    onReady: (fn) => void returned.push(fn),
    async close() {
      await Promise.all(opened.map((c) => (c.isOpen ? c.quit().catch(() => c.destroy()) : undefined)));
    },
  };
}
