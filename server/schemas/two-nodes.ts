import { z } from 'zod';
import type { TwoNodesModePayload } from '../../src/contract/index.ts';
import { LabIdSchema } from './common.ts';

export const twoNodesSchemas = () => ({
  mode: z
    .object({ adapter: z.boolean().optional(), sticky: z.boolean().optional() })
    .strict() satisfies z.ZodType<TwoNodesModePayload>,
  /** What another node asks in serverSideEmit: checked too, since a broker carries it. */
  hello: z.object({ labId: LabIdSchema }).strict(),
});
