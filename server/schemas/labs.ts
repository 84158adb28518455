import { z } from 'zod';
import type { LabCreatePayload, LabJoinPayload } from '../../src/contract/index.ts';
import { ClientNameSchema, LabIdSchema, LabKindSchema } from './common.ts';

export const labSchemas = () => ({
  create: z.object({ kind: LabKindSchema, name: ClientNameSchema }).strict() satisfies z.ZodType<LabCreatePayload>,
  join: z
    .object({ labId: LabIdSchema, name: ClientNameSchema, kind: LabKindSchema.optional() })
    .strict() satisfies z.ZodType<LabJoinPayload>,
});
