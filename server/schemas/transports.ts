import { z } from 'zod';
import type { TransportSendPayload } from '../../src/contract/index.ts';
import type { Limits } from '../config.ts';
import { boundedText } from './common.ts';

export const transportSchemas = (limits: Pick<Limits, 'maxTextLength'>) => ({
  send: z.object({ text: boundedText(limits.maxTextLength) }).strict() satisfies z.ZodType<TransportSendPayload>,
});
