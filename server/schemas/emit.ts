import { z } from 'zod';
import { EMIT_SEND_VARIANTS, type EmitSendPayload } from '../../src/contract/index.ts';
import type { Limits } from '../config.ts';
import { boundedText, RefSchema } from './common.ts';

export const emitSchemas = (limits: Pick<Limits, 'maxTextLength'>) => ({
  send: z
    .object({
      variant: z.enum(EMIT_SEND_VARIANTS),
      text: boundedText(limits.maxTextLength),
      ref: RefSchema.optional(),
    })
    .strict() satisfies z.ZodType<EmitSendPayload>,
});
