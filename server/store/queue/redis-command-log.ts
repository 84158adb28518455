// The Redis broker's command log: every command goes through cmd(), which sends it and, when the lab watches,
// reports it with a one-line summary of the reply. The base of the broker's layers (see redis-broker.ts).
import type { RedisClientType } from '@redis/client';
import type { Clock } from '../../clock.ts';
import { summarize } from './redis-replies.ts';
import type { CommandListener } from './types.ts';

/** How a command appears in the log: always, only when it found something (timer polls), or never (bookkeeping). */
export type Visibility = 'log' | 'log-if-found' | 'hidden';

export class RedisCommandLog {
  protected readonly redis: RedisClientType;
  protected readonly clock: Clock;
  private readonly commands = new Set<CommandListener>();

  constructor(redis: RedisClientType, clock: Clock) {
    this.redis = redis;
    this.clock = clock;
  }

  onCommand(listener: CommandListener): () => void {
    this.commands.add(listener);
    return () => this.commands.delete(listener);
  }

  protected async cmd(args: string[], visibility: Visibility = 'log'): Promise<unknown> {
    const reply = await this.redis.sendCommand(args);
    if (visibility === 'hidden' || this.commands.size === 0) return reply;
    const empty =
      reply === null || (Array.isArray(reply) && (args[0] === 'XAUTOCLAIM' ? isEmptyClaim(reply) : reply.length === 0));
    if (visibility === 'log-if-found' && empty) return reply;
    const command = { args: [...args], reply: summarize(args[0], reply), at: this.clock.now() };
    for (const listener of this.commands) {
      try {
        listener(command);
      } catch {
        // A broken log view must not break the queue.
      }
    }
    return reply;
  }
}

function isEmptyClaim(reply: unknown[]): boolean {
  return !Array.isArray(reply[1]) || reply[1].length === 0;
}
