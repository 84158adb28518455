// How this node scales: alone with in-memory state (the embedded default), or one of many on a shared Redis.
// Every Socket.IO server the demo runs takes its adapter from here, each on its own stream, because two servers
// on different paths both have a "/" namespace and must not hear each other's broadcasts.
import { hostname } from 'node:os';
import type { ServerOptions } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { RedisConnection } from './redis.ts';

export type AdapterName = 'in-memory' | 'redis-streams';

export interface ScaleContext {
  /** This node's name in logs and /healthz (SP_NODE_ID, else host and process id). */
  nodeId: string;
  adapter: AdapterName;
  /** The shared Redis, when REDIS_URL is set. */
  redis?: RedisConnection;
  /** The `adapter` option for one Socket.IO server; `name` keeps its stream apart from the others' ("main"…). */
  serverOptions(name: string): Partial<ServerOptions>;
  /** Redis key for shared state, namespaced so one Redis can serve several deployments (SP_REDIS_PREFIX). */
  key(...parts: string[]): string;
}

export function defaultNodeId(): string {
  return process.env.SP_NODE_ID || `${hostname()}:${process.pid}`;
}

export function singleNode(nodeId = defaultNodeId()): ScaleContext {
  return { nodeId, adapter: 'in-memory', serverOptions: () => ({}), key: (...parts) => ['sp', ...parts].join(':') };
}

export function redisScale(redis: RedisConnection, nodeId = defaultNodeId(), prefix = 'sp'): ScaleContext {
  const key = (...parts: string[]) => [prefix, ...parts].join(':');
  return {
    nodeId,
    adapter: 'redis-streams',
    redis,
    key,
    serverOptions: (name) => ({
      // The Streams adapter (not the plain Redis adapter) keeps connection state recovery working across nodes.
      adapter: createAdapter(redis.adapterClient, {
        streamName: key('io', name),
        sessionKeyPrefix: key('io', name, 'session:'),
        // Acked broadcasts, fetchSockets and serverSideEmit travel on pub/sub, not the stream, and the server count
        // is the channel's subscriber count: without a channel per server, every server of the demo would count.
        channelPrefix: key('io', name),
        maxLen: 10_000,
      }),
    }),
  };
}
