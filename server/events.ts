// The one typed event contract between the demo server and the widgets. Each feature defines its part in
// contract/<feature>.ts; this file joins them. Widgets import these with `import type`, so no server code
// (nor zod) reaches the browser.
import type { LabClientEvents, LabServerEvents } from './contract/labs.ts';
import type { EmitClientEvents, EmitServerEvents } from './contract/emit.ts';
import type { ConnectionClientEvents } from './contract/connection.ts';
import type { RoomsClientEvents, RoomsServerEvents } from './contract/rooms.ts';
import type { ChatClientEvents, ChatServerEvents } from './contract/chat.ts';

export type { Ack, AckResult } from './contract/common.ts';
export type { LabInfo } from './contract/labs.ts';
export type { EmitMessage, EmitReceipt, EmitVariant } from './contract/emit.ts';
export type { ConnectionInfo, Endpoint } from './contract/connection.ts';
export type { RoomMember, RoomMessage, RoomsSnapshot, RoomFireReceipt } from './contract/rooms.ts';
export type { ChatJoined, ChatLimits, ChatMessage, ChatNotice, ChatPrivateMessage, ChatTyping, ChatUser } from './contract/chat.ts';

export interface ClientToServerEvents extends LabClientEvents, EmitClientEvents, ConnectionClientEvents, RoomsClientEvents, ChatClientEvents {}

export interface ServerToClientEvents extends LabServerEvents, EmitServerEvents, RoomsServerEvents, ChatServerEvents {}

export interface InterServerEvents {}

/** What the server remembers about each socket. */
export interface SocketData {
  labId?: string;
  name?: string;
  /** The chat nickname, once the socket has joined its lab's chat. */
  chatNick?: string;
}
