import { z } from 'zod';
import {
  CHEATSHEET_VARIANT_IDS,
  ROOM_NAME_PATTERN,
  type RoomChangePayload,
  type RoomEmitPayload,
} from '../../src/contract/index.ts';
import { RefSchema } from './common.ts';

export const RoomNameSchema = z.string().regex(ROOM_NAME_PATTERN, 'a room name is 1–20 lowercase letters, digits or -');

/** A Socket.IO socket id (20 url-safe characters in Socket.IO 4). */
export const SocketIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{10,32}$/, 'a socket id is 10–32 letters, digits, - or _');

export const roomSchemas = () => ({
  change: z.object({ room: RoomNameSchema }).strict() satisfies z.ZodType<RoomChangePayload>,
  emit: z
    .object({
      variant: z.enum(CHEATSHEET_VARIANT_IDS),
      room: RoomNameSchema.optional(),
      room2: RoomNameSchema.optional(),
      target: SocketIdSchema.optional(),
      ref: RefSchema,
    })
    .strict() satisfies z.ZodType<RoomEmitPayload>,
});
