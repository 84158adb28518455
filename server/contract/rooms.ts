// The "Broadcasts and rooms" lesson: clients moved in and out of rooms by the server, and every server-side emit
// variant of the Socket.IO cheatsheet performed for real, scoped to the learner's lab.
import { z } from 'zod';
import { EMIT_VARIANTS } from '../../src/lib/protocol/emit-semantics.ts';
import type { Ack } from './common.ts';

/** The room names a lab may use, as the learner sees them (the server prefixes them with the lab). */
export const RoomNameSchema = z.string().regex(/^[a-z0-9-]{1,20}$/, 'a room name is 1–20 lowercase letters, digits or -');

/** A Socket.IO socket id (20 url-safe characters in Socket.IO 4). */
export const SocketIdSchema = z.string().regex(/^[A-Za-z0-9_-]{10,32}$/, 'a socket id is 10–32 letters, digits, - or _');

export const EMIT_VARIANT_IDS = EMIT_VARIANTS.map((v) => v.id) as [string, ...string[]];

export const RoomChangeSchema = z.object({ room: RoomNameSchema }).strict();

export const RoomEmitSchema = z
  .object({
    variant: z.enum(EMIT_VARIANT_IDS),
    room: RoomNameSchema.optional(),
    room2: RoomNameSchema.optional(),
    target: SocketIdSchema.optional(),
    /** The sender's own id for this fire, echoed to every recipient so the page can match them up. */
    ref: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'ref is up to 32 letters, digits, - or _'),
  })
  .strict();

export const RoomListSchema = z.object({}).strict();

export interface RoomMember {
  id: string;
  name: string;
  /** Rooms this socket is in besides its own id room, without the lab prefix, sorted. */
  rooms: string[];
}

export interface RoomsSnapshot {
  members: RoomMember[];
}

export interface RoomFireReceipt {
  /** The line the server ran, with the lab scoping spelled out. */
  scopedCode: string;
}

export interface RoomMessage {
  ref: string;
  variant: string;
  from: string;
  fromSocket: string;
  sentAt: number;
}

export interface RoomsClientEvents {
  /** The server calls socket.join(room) for the sending socket (scoped to its lab). */
  'rooms:join': (payload: z.input<typeof RoomChangeSchema>, ack: Ack<RoomsSnapshot>) => void;
  'rooms:leave': (payload: z.input<typeof RoomChangeSchema>, ack: Ack<RoomsSnapshot>) => void;
  /** Who is in the lab and which rooms each socket is really in, read from the server's adapter. */
  'rooms:list': (payload: z.input<typeof RoomListSchema>, ack: Ack<RoomsSnapshot>) => void;
  /** The server performs one cheatsheet variant with this socket as `socket`. */
  'rooms:emit': (payload: z.input<typeof RoomEmitSchema>, ack: Ack<RoomFireReceipt>) => void;
}

export interface RoomsServerEvents {
  'rooms:message': (message: RoomMessage) => void;
  /** Sent to the whole lab whenever a socket joins or leaves a room, or disconnects. */
  'rooms:changed': (snapshot: RoomsSnapshot) => void;
}
