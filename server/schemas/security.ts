// What arrives at the security lab's Server, built from the live limits.
import { z } from 'zod';
import { MIN_TOKEN_SECONDS, type PayloadOf } from '../../src/contract/index.ts';
import type { Limits } from '../config.ts';
import { ClientNameSchema, EmptySchema } from './common.ts';

export function securitySchemas(limits: Pick<Limits, 'securityMaxTokenSeconds' | 'securityMaxPayloadBytes'>) {
  return {
    token: z
      .object({
        name: ClientNameSchema,
        seconds: z
          .number()
          .int('a lifetime is a whole number of seconds')
          .min(MIN_TOKEN_SECONDS, `a token lives at least ${MIN_TOKEN_SECONDS} s`)
          .max(limits.securityMaxTokenSeconds, `a token lives at most ${limits.securityMaxTokenSeconds} s`),
      })
      .strict() satisfies z.ZodType<PayloadOf<'security:token'>>,
    probe: EmptySchema,
    // Anything bigger than maxHttpBufferSize never gets here: Engine.IO closes the connection first.
    echo: z.object({ text: z.string().max(limits.securityMaxPayloadBytes) }).strict() satisfies z.ZodType<
      PayloadOf<'security:echo'>
    >,
    ping: z.object({ n: z.number().int().min(0).max(1_000_000) }).strict() satisfies z.ZodType<
      PayloadOf<'security:ping'>
    >,
  };
}
