import { z } from 'zod';
import type { TickerPollQuery } from '../../src/contract/index.ts';
import { LabIdSchema } from './common.ts';

/** Query of GET /api/ticker/poll and /api/ticker/long. */
export const TickerPollQuerySchema = z
  .object({
    lab: LabIdSchema,
    after: z.coerce.number().int().min(0).max(1e9),
  })
  .strict() satisfies z.ZodType<TickerPollQuery>;
