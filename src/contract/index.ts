// The one typed event contract between the demo server and the widgets (Socket.IO's example apps keep it in
// common/): one file per feature, joined here. Plain types and constants only: no zod and no server code, so
// the browser can import it and the server validates what arrives with its own schemas (server/schemas/).
import type { AckClientEvents, AckServerEvents } from './ack.ts';
import type { ChatClientEvents, ChatServerEvents } from './chat.ts';
import type { ClassClientEvents, ClassServerEvents } from './class.ts';
import type { Ack } from './common.ts';
import type { ConnectionClientEvents } from './connection.ts';
import type { EmitClientEvents, EmitServerEvents } from './emit.ts';
import type { LabClientEvents, LabServerEvents } from './labs.ts';
import type { MissedClientEvents, MissedServerEvents } from './missed-events.ts';
import type { NamespaceClientEvents, NamespaceServerEvents } from './namespaces.ts';
import type { QueueLabClientEvents, QueueLabServerEvents } from './queue-lab.ts';
import type { RoomsClientEvents, RoomsServerEvents } from './rooms.ts';
import type { SecurityClientEvents, SecurityServerEvents } from './security.ts';
import type { SocketsClientEvents, SocketsServerEvents } from './sockets.ts';
import type { StackClientEvents } from './stack.ts';
import type { TransportClientEvents, TransportServerEvents } from './transports.ts';
import type { TwoNodesClientEvents, TwoNodesInterServerEvents, TwoNodesServerEvents } from './two-nodes.ts';
import type { TickerUpdate, WebSocketsClientEvents, WebSocketsServerEvents } from './websockets.ts';

export * from './ack.ts';
export * from './chat.ts';
export * from './class.ts';
export * from './common.ts';
export * from './connection.ts';
export * from './emit.ts';
export * from './errors.ts';
export * from './labs.ts';
export * from './missed-events.ts';
export * from './namespaces.ts';
export * from './queue-lab.ts';
export * from './rooms.ts';
export * from './security.ts';
export * from './sockets.ts';
export * from './stack.ts';
export * from './transports.ts';
export * from './two-nodes.ts';
export * from './websockets.ts';

export interface ClientToServerEvents
  extends
    LabClientEvents,
    EmitClientEvents,
    ConnectionClientEvents,
    QueueLabClientEvents,
    StackClientEvents,
    SocketsClientEvents,
    WebSocketsClientEvents,
    TransportClientEvents,
    AckClientEvents,
    NamespaceClientEvents,
    RoomsClientEvents,
    ChatClientEvents,
    MissedClientEvents,
    ClassClientEvents,
    SecurityClientEvents,
    TwoNodesClientEvents {}

export interface ServerToClientEvents
  extends
    LabServerEvents,
    EmitServerEvents,
    QueueLabServerEvents,
    SocketsServerEvents,
    WebSocketsServerEvents,
    TransportServerEvents,
    AckServerEvents,
    NamespaceServerEvents,
    RoomsServerEvents,
    ChatServerEvents,
    MissedServerEvents,
    ClassServerEvents,
    SecurityServerEvents,
    TwoNodesServerEvents {}

export interface InterServerEvents extends TwoNodesInterServerEvents {
  /** Many nodes: the node running a lab's ticker tells the others each update, for the polls they answer. */
  'ticker:tick': (labId: string, update: TickerUpdate) => void;
  /** Many nodes: a teacher cut a student; every node closes and refuses that student's demo connections too. */
  'class:cut': (memberId: string, tokenHash: string, until: number) => void;
}

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
  /** Security lab ("/private"): the token this socket connected with, and when it expires (ms since epoch). */
  tokenId?: string;
  expiresAt?: number;
}

/** A client→server event's name. */
export type EventName = keyof ClientToServerEvents;
/** The payload an event takes. */
export type PayloadOf<E extends EventName> = Parameters<ClientToServerEvents[E]>[0];
/** The data an event's acknowledgement carries when it succeeds (never for events without an ack). */
export type ReplyOf<E extends EventName> =
  Parameters<ClientToServerEvents[E]> extends [unknown, Ack<infer R>] ? R : never;
/** Events that take an acknowledgement. */
export type AckedEvent = { [E in EventName]: ReplyOf<E> extends never ? never : E }[EventName];
