import { z } from 'zod';
import {
  NICK_MAX_LENGTH,
  NICK_MIN_LENGTH,
  type ChatJoinPayload,
  type ChatPrivatePayload,
  type ChatSendPayload,
  type ChatTypingPayload,
} from '../../src/contract/index.ts';
import type { Limits } from '../config.ts';
import { nameProblem, normaliseName } from '../names.ts';
import { SocketIdSchema } from './rooms.ts';

/** A nickname: letters, digits, spaces, _ . or -, starting with a letter or digit. Rendered as text everywhere. */
export const NickSchema = z
  .string()
  .overwrite(normaliseName)
  .refine((nick) => !nameProblem(nick), { message: 'a nickname cannot contain invisible or formatting characters' })
  .min(NICK_MIN_LENGTH, `a nickname has at least ${NICK_MIN_LENGTH} characters`)
  .max(NICK_MAX_LENGTH, `a nickname has at most ${NICK_MAX_LENGTH} characters`)
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u,
    'a nickname uses letters, digits, spaces, _ . or -, and starts with a letter or digit',
  );

export const chatSchemas = (limits: Pick<Limits, 'chatMaxTextLength'>) => {
  // The handler checks Limits.chatMaxTextLength itself, to say how long the message was; this bound only keeps
  // absurd payloads out of the handler.
  const text = z
    .string()
    .trim()
    .min(1, 'the message is empty')
    .max(Math.max(10_000, limits.chatMaxTextLength), 'the message is far too long');
  return {
    join: z.object({ nick: NickSchema }).strict() satisfies z.ZodType<ChatJoinPayload>,
    send: z.object({ text }).strict() satisfies z.ZodType<ChatSendPayload>,
    typing: z.object({ typing: z.boolean() }).strict() satisfies z.ZodType<ChatTypingPayload>,
    private: z.object({ to: SocketIdSchema, text }).strict() satisfies z.ZodType<ChatPrivatePayload>,
  };
};
