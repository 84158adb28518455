import { z } from 'zod';
import type { ChatSayPayload, NamespaceAuth, NewsPublishPayload } from '../../src/contract/index.ts';
import type { Limits } from '../config.ts';
import { boundedText, ClientNameSchema, LabIdSchema } from './common.ts';

/** The CONNECT packet's auth data: which lab this namespace socket belongs to. */
export const NamespaceAuthSchema = z
  .object({ labId: LabIdSchema, name: ClientNameSchema })
  .strict() satisfies z.ZodType<NamespaceAuth>;

export const namespaceSchemas = (limits: Pick<Limits, 'maxTextLength'>) => ({
  news: z
    .object({ headline: boundedText(limits.maxTextLength, 'headline') })
    .strict() satisfies z.ZodType<NewsPublishPayload>,
  say: z.object({ text: boundedText(limits.maxTextLength) }).strict() satisfies z.ZodType<ChatSayPayload>,
});
