import { z } from 'zod';
import {
  MEMBER_SECRET_LENGTH,
  MEMBER_SECRET_PATTERN,
  type LabCreatePayload,
  type LabJoinPayload,
} from '../../src/contract/index.ts';
import { ClientNameSchema, LabIdSchema, LabKindSchema } from './common.ts';

/** A member secret as the server issues them: exactly 22 base64url characters (16 random bytes). */
export const MemberSecretSchema = z
  .string()
  .length(MEMBER_SECRET_LENGTH, `a member secret is ${MEMBER_SECRET_LENGTH} characters`)
  .regex(MEMBER_SECRET_PATTERN, 'a member secret is letters, digits, - or _');

export const labSchemas = () => ({
  create: z.object({ kind: LabKindSchema, name: ClientNameSchema }).strict() satisfies z.ZodType<LabCreatePayload>,
  join: z
    .object({
      labId: LabIdSchema,
      name: ClientNameSchema,
      kind: LabKindSchema.optional(),
      secret: MemberSecretSchema.optional(),
    })
    .strict() satisfies z.ZodType<LabJoinPayload>,
});
