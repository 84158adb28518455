import type { QueueOptions } from './types.ts';

export interface ResolvedQueueOptions extends Required<Omit<QueueOptions, 'clock'>> {}

function check(name: string, value: number, integer: boolean): number {
  const ok = value === Infinity || (value > 0 && (!integer || Number.isInteger(value)));
  if (!ok)
    throw new RangeError(`${name} must be a positive ${integer ? 'integer' : 'number'} or Infinity, got ${value}`);
  return value;
}

/** Fill defaults and reject settings that would make the lab lie. */
export function resolveOptions(options: QueueOptions): ResolvedQueueOptions {
  if (options.mode !== 'work' && options.mode !== 'fanout') throw new TypeError(`unknown mode ${String(options.mode)}`);
  if (!Number.isInteger(options.maxDepth) || options.maxDepth < 1) {
    // Bounded on purpose: an unbounded queue hides backpressure, the lesson.
    throw new RangeError(`maxDepth must be a positive integer, got ${options.maxDepth}`);
  }
  return {
    mode: options.mode,
    ack: options.ack,
    visibilityTimeoutMs: check('visibilityTimeoutMs', options.visibilityTimeoutMs ?? Infinity, false),
    prefetch: check('prefetch', options.prefetch ?? Infinity, true),
    maxDeliveries: check('maxDeliveries', options.maxDeliveries ?? Infinity, true),
    dedupe: options.dedupe ?? false,
    dedupeWindowMs: check('dedupeWindowMs', options.dedupeWindowMs ?? 60_000, false),
    maxDedupeKeys: check('maxDedupeKeys', options.maxDedupeKeys ?? 10_000, true),
    maxDepth: options.maxDepth,
    maxDeadLetters: check('maxDeadLetters', options.maxDeadLetters ?? 1_000, true),
  };
}
