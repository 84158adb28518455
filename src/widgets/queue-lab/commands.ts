// The "Broker commands" log: what the Redis Streams broker sent for this lab, as redis-cli would print it, and the
// words that say which broker runs the lab. Pure: no DOM, no socket.
import type { QueueBrokerCommand, QueueBrokerKind } from '../../contract/index.ts';

/** Lines kept in the log; older ones scroll away. */
export const MAX_COMMANDS = 60;

export interface CommandLine {
  /** 1, 2, 3 … in arrival order, across queue versions. */
  n: number;
  version: number;
  text: string;
  reply: string;
}

/**
 * Every key of a lab's queue starts "<prefix>:queue:<lab id>:<version>:"; the log prints "…:" instead so the
 * command fits on a phone. The widget says what the dots stand for.
 */
const QUEUE_KEY = /^[^\s]*:queue:[A-Za-z0-9_-]+:\d+:/;

export function shortKey(arg: string): string {
  return arg.replace(QUEUE_KEY, '…:');
}

/** Quotes an argument the way redis-cli shows it when it is empty or holds spaces or quotes. */
function quote(arg: string): string {
  return arg === '' || /[\s"']/.test(arg) ? JSON.stringify(arg) : arg;
}

export function formatCommand(args: readonly string[]): string {
  return args.map((arg) => quote(shortKey(arg))).join(' ');
}

/** Appends a command, keeping the newest MAX_COMMANDS. */
export function addCommand(lines: readonly CommandLine[], command: QueueBrokerCommand, n: number): CommandLine[] {
  const line = { n, version: command.version, text: formatCommand(command.args), reply: command.reply };
  return [...lines, line].slice(-MAX_COMMANDS);
}

export interface BrokerText {
  name: string;
  /** What is different about it, in one or two sentences. */
  differs: string;
}

export const BROKER_TEXT: Record<QueueBrokerKind, BrokerText> = {
  'in-memory': {
    name: 'the in-memory broker',
    differs:
      'The queue lives in this demo server’s memory: it sends no commands to anything, and a restart loses it. ' +
      'With REDIS_URL set, the same lab runs on Redis Streams consumer groups.',
  },
  'redis-streams': {
    name: 'Redis Streams',
    differs:
      'Each message is an entry in a Redis stream; consumers read it through a consumer group and XACK it. ' +
      'The queue outlives this server process and is shared by every node on the same Redis. Delivery is ' +
      'at-least-once: a timed-out entry is claimed again with XAUTOCLAIM.',
  },
};
