// The "Broadcasts and rooms" lesson: clients moved in and out of rooms by the server, and every server-side emit
// variant of the Socket.IO cheatsheet performed for real, scoped to the learner's lab.
import type { Ack, Empty } from './common.ts';

/**
 * The server-side lines of Socket.IO's emit cheatsheet the rooms lesson can perform (not the four sends of
 * emit.ts). src/lib/protocol/emit-semantics.ts describes each one; a unit test keeps the two lists equal.
 */
export const CHEATSHEET_VARIANT_IDS = [
  'socket.emit',
  'io.emit',
  'socket.broadcast.emit',
  'io.to(room).emit',
  'io.in(room).emit',
  'socket.to(room).emit',
  'io.to([room,room2]).emit',
  'socket.to([room,room2]).emit',
  'io.except(room).emit',
  'io.to(room).except(room2).emit',
  'socket.broadcast.except(room).emit',
  'socket.to(room).except(room2).emit',
  'io.to(target).emit',
  'socket.to(target).emit',
] as const;
export type CheatsheetVariantId = (typeof CHEATSHEET_VARIANT_IDS)[number];

/** A room name as the learner sees it (the server prefixes it with the lab). */
export const ROOM_NAME_PATTERN = /^[a-z0-9-]{1,20}$/;

export interface RoomChangePayload {
  room: string;
}

export interface RoomEmitPayload {
  variant: CheatsheetVariantId;
  room?: string;
  room2?: string;
  /** A socket id in the same lab, for the private-message variants. */
  target?: string;
  /** The sender's own id for this fire, echoed to every recipient so the page can match them up. */
  ref: string;
}

export interface RoomMember {
  id: string;
  name: string;
  /** Rooms this socket is in besides its own id room, without the lab prefix, sorted. */
  rooms: string[];
}

export interface RoomsSnapshot {
  members: RoomMember[];
  /**
   * The lab's rooms version this snapshot is at least as new as: the next `rooms:delta` has `from` equal to it.
   * Changes made since that delta was sent are already in `members`; the delta repeats them, which is harmless
   * because every change sets a state (present/absent, in/out of a room) rather than toggling it.
   */
  version: number;
}

/** One change to a lab's membership or rooms: who joined or left the lab, who entered or left which room. */
export type RoomsChange =
  | { kind: 'joined'; id: string; name: string }
  | { kind: 'left'; id: string }
  | { kind: 'entered'; id: string; room: string }
  | { kind: 'exited'; id: string; room: string };

/**
 * The changes one lab saw within one short window, in order, sent only to the sockets that watch its rooms
 * (those that asked for `rooms:list`). A client at version `from` applies them and is at `version`; a client at
 * any other version (it missed one) asks for a snapshot. `resync` means there were too many changes to list:
 * ask for a snapshot.
 */
export interface RoomsDelta {
  from: number;
  version: number;
  changes: RoomsChange[];
  resync?: true;
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
  'rooms:join': (payload: RoomChangePayload, ack: Ack<RoomsSnapshot>) => void;
  'rooms:leave': (payload: RoomChangePayload, ack: Ack<RoomsSnapshot>) => void;
  /**
   * Who is in the lab and which rooms each socket is really in, read from the server's adapter. The asking socket
   * then watches the lab's rooms: it receives `rooms:delta` until it disconnects.
   */
  'rooms:list': (payload: Empty, ack: Ack<RoomsSnapshot>) => void;
  /** The server performs one cheatsheet variant with this socket as `socket`. */
  'rooms:emit': (payload: RoomEmitPayload, ack: Ack<RoomFireReceipt>) => void;
}

export interface RoomsServerEvents {
  'rooms:message': (message: RoomMessage) => void;
  /** Sent to the sockets watching a lab's rooms, at most once per short window, when anything changed. */
  'rooms:delta': (delta: RoomsDelta) => void;
}
