import { z } from 'zod';
import type { StackEchoPayload } from '../../src/contract/index.ts';
import type { Limits } from '../config.ts';
import { boundedText } from './common.ts';

export const stackSchemas = (limits: Pick<Limits, 'maxTextLength'>) => ({
  // Not trimmed: the lesson shows the bytes exactly as they were typed.
  echo: z
    .object({ text: boundedText(limits.maxTextLength, 'message', { trim: false }) })
    .strict() satisfies z.ZodType<StackEchoPayload>,
});
