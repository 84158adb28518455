import { z } from 'zod';
import {
  QUEUE_BOUNDS,
  QUEUE_MAX_TEXT_LENGTH,
  QUEUE_MODES,
  type QueueNackPayload,
  type QueuePublishPayload,
  type QueueSettings,
  type QueueSettlePayload,
} from '../../src/contract/index.ts';

const TagSchema = z.string().regex(/^t\d{1,12}$/, 'a delivery tag looks like "t12"');
const VersionSchema = z.number().int().min(1).optional();
const { prefetch, maxDeliveries, visibilityMs } = QUEUE_BOUNDS;

export const queueSchemas = () => ({
  settings: z
    .object({
      mode: z.enum(QUEUE_MODES),
      ack: z.boolean(),
      prefetch: z.number().int().min(prefetch.min).max(prefetch.max),
      maxDeliveries: z.number().int().min(maxDeliveries.min).max(maxDeliveries.max).nullable(),
      visibilityMs: z.number().int().min(visibilityMs.min).max(visibilityMs.max),
      dedupe: z.boolean(),
    })
    .strict() satisfies z.ZodType<QueueSettings>,
  publish: z
    .object({
      text: z
        .string()
        .trim()
        .min(1, 'the message is empty')
        .max(QUEUE_MAX_TEXT_LENGTH, `a queue message has at most ${QUEUE_MAX_TEXT_LENGTH} characters`)
        .regex(/^[^\p{C}]+$/u, 'a message cannot contain control characters'),
      poison: z.boolean().optional(),
      dedupeKey: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,32}$/, 'a dedupe key is up to 32 letters, digits, - or _')
        .optional(),
    })
    .strict() satisfies z.ZodType<QueuePublishPayload>,
  ack: z.object({ tag: TagSchema, version: VersionSchema }).strict() satisfies z.ZodType<QueueSettlePayload>,
  nack: z
    .object({ tag: TagSchema, version: VersionSchema, requeue: z.boolean().optional() })
    .strict() satisfies z.ZodType<QueueNackPayload>,
});
