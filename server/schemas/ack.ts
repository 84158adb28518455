import { z } from 'zod';
import type { AckJobPayload } from '../../src/contract/index.ts';
import type { Limits } from '../config.ts';
import { RefSchema } from './common.ts';

export const ackSchemas = (limits: Pick<Limits, 'maxAckDelayMs'>) => ({
  job: z
    .object({
      ref: RefSchema,
      delayMs: z
        .number()
        .int('the delay is a whole number of milliseconds')
        .min(0, 'the delay cannot be negative')
        .max(limits.maxAckDelayMs, `the server waits at most ${limits.maxAckDelayMs} ms`),
      slow: z.enum(['first', 'all']).default('all'),
    })
    .strict() satisfies z.ZodType<AckJobPayload>,
});
