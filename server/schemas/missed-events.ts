import { z } from 'zod';
import type {
  HandshakeLab,
  MissedConfigurePayload,
  MissedOrderPayload,
  MissedSubscribePayload,
} from '../../src/contract/index.ts';
import type { Limits } from '../config.ts';
import { ClientNameSchema, LabIdSchema } from './common.ts';
import { MemberSecretSchema } from './labs.ts';

/** A log offset as the offset log issues them ("<ms>-<seq>", like a Redis stream id). */
export const OffsetSchema = z.string().regex(/^\d{1,16}-\d{1,9}$/, 'an offset looks like 1700000000000-0');

/** What a lab client may put in its handshake `auth` to be back in its lab before its buffered emits land. */
export const HandshakeLabSchema = z.object({
  labId: LabIdSchema,
  name: ClientNameSchema,
  secret: MemberSecretSchema.optional(),
}) satisfies z.ZodType<HandshakeLab>;

export const missedSchemas = (limits: Pick<Limits, 'missedMaxRate'>) => ({
  configure: z
    .object({
      running: z.boolean().optional(),
      rate: z
        .number()
        .int('the rate is a whole number of events a second')
        .min(1, 'the rate is at least 1 a second')
        // The live limit (Limits.missedMaxRate) is checked by the stream, with a sentence that names it.
        .max(Math.max(1000, limits.missedMaxRate))
        .optional(),
      dropFirstAck: z.boolean().optional(),
      dedupe: z.boolean().optional(),
    })
    .strict() satisfies z.ZodType<MissedConfigurePayload>,
  subscribe: z
    .object({ afterOffset: OffsetSchema.nullable().optional() })
    .strict() satisfies z.ZodType<MissedSubscribePayload>,
  order: z
    .object({
      key: z.string().regex(/^[A-Za-z0-9_-]{1,48}$/, 'a key is up to 48 letters, digits, - or _'),
      seq: z.number().int().min(1).max(1_000_000),
    })
    .strict() satisfies z.ZodType<MissedOrderPayload>,
});
