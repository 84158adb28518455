// The one typed event contract between the demo server and the widgets. Each feature defines its part in
// contract/<feature>.ts; this file joins them. Widgets import these with `import type`, so no server code
// (nor zod) reaches the browser.
import type { AckClientEvents, AckServerEvents } from './contract/ack.ts';
import type { ChatClientEvents, ChatServerEvents } from './contract/chat.ts';
import type { ClassClientEvents, ClassServerEvents } from './contract/class.ts';
import type { ConnectionClientEvents } from './contract/connection.ts';
import type { EmitClientEvents, EmitServerEvents } from './contract/emit.ts';
import type { LabClientEvents, LabServerEvents } from './contract/labs.ts';
import type { MissedClientEvents, MissedServerEvents } from './contract/missed-events.ts';
import type { NamespaceClientEvents, NamespaceServerEvents } from './contract/namespaces.ts';
import type { QueueLabClientEvents, QueueLabServerEvents } from './contract/queue-lab.ts';
import type { RoomsClientEvents, RoomsServerEvents } from './contract/rooms.ts';
import type { SocketsClientEvents, SocketsServerEvents } from './contract/sockets.ts';
import type { StackClientEvents } from './contract/stack.ts';
import type { TransportClientEvents, TransportServerEvents } from './contract/transports.ts';
import type { WebSocketsClientEvents, WebSocketsServerEvents } from './contract/websockets.ts';

export type { Ack, AckResult } from './contract/common.ts';
export type { LabInfo } from './contract/labs.ts';
export type { EmitMessage, EmitReceipt, EmitVariant } from './contract/emit.ts';
export type { ConnectionInfo, Endpoint } from './contract/connection.ts';
export type { QueueDelivery, QueueLabEvent, QueueLabState, QueuePublishReceipt, QueueSettings } from './contract/queue-lab.ts';
export type { StackEcho } from './contract/stack.ts';
export type { LabConnection, LabSockets } from './contract/sockets.ts';
export type { HttpHead, TickerPollResponse, TickerState, TickerUpdate, WsHandshake } from './contract/websockets.ts';
export type { TransportEcho, TransportName, TransportReceipt } from './contract/transports.ts';
export type { AckHandled, AckJobResult } from './contract/ack.ts';
export type { LabNamespace, NamespaceReceipt } from './contract/namespaces.ts';
export type { RoomMember, RoomMessage, RoomsSnapshot, RoomFireReceipt } from './contract/rooms.ts';
export type { ChatJoined, ChatLimits, ChatMessage, ChatNotice, ChatPrivateMessage, ChatTyping, ChatUser } from './contract/chat.ts';
export type { EffectEvent, MissedStatus, OrderReceipt, StreamEvent, SubscribeResult } from './contract/missed-events.ts';

export interface ClientToServerEvents extends LabClientEvents, EmitClientEvents, ConnectionClientEvents, QueueLabClientEvents, StackClientEvents, SocketsClientEvents, WebSocketsClientEvents, TransportClientEvents, AckClientEvents, NamespaceClientEvents, RoomsClientEvents, ChatClientEvents, MissedClientEvents, ClassClientEvents {}

export interface ServerToClientEvents extends LabServerEvents, EmitServerEvents, QueueLabServerEvents, SocketsServerEvents, WebSocketsServerEvents, TransportServerEvents, AckServerEvents, NamespaceServerEvents, RoomsServerEvents, ChatServerEvents, MissedServerEvents, ClassServerEvents {}

export interface InterServerEvents {}

/** What the server remembers about each socket. */
export interface SocketData {
  labId?: string;
  name?: string;
  /** The chat nickname, once the socket has joined its lab's chat. */
  chatNick?: string;
  /** Classroom mode: the class this socket runs the dashboard of. */
  classTeaching?: string;
  /** Classroom mode: the class connection of a student. */
  classStudent?: { classId: string; memberId: string };
  /** Classroom mode: a student's demo (lab) connection, recognised by their member cookie. */
  classDemo?: { classId: string; memberId: string };
}
