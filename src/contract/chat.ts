// The "Build the chat" lesson: the classic Socket.IO chat, one lab = one chat room.
import type { Ack, Empty } from './common.ts';

/** Nickname length bounds (2–20; letters, digits, spaces, _ . or -, starting with a letter or digit). */
export const NICK_MIN_LENGTH = 2;
export const NICK_MAX_LENGTH = 20;

export interface ChatJoinPayload {
  nick: string;
}
export interface ChatSendPayload {
  /** At most Limits.chatMaxTextLength characters (sent back in ChatJoined.limits). */
  text: string;
}
export interface ChatTypingPayload {
  typing: boolean;
}
export interface ChatPrivatePayload {
  /** The socket id of someone in the same lab's chat. */
  to: string;
  text: string;
}

export interface ChatUser {
  id: string;
  nick: string;
}

export interface ChatLimits {
  maxTextLength: number;
  typingIntervalMs: number;
  typingTimeoutMs: number;
}

export interface ChatJoined {
  nick: string;
  /** Everyone in this lab's chat now, this socket included. */
  users: ChatUser[];
  limits: ChatLimits;
}

export interface ChatMessage {
  id: string;
  fromId: string;
  from: string;
  text: string;
  /** Server clock (ms since epoch). */
  at: number;
}

export interface ChatPrivateMessage extends ChatMessage {
  toId: string;
  to: string;
}

export interface ChatNotice {
  kind: 'join' | 'leave';
  id: string;
  nick: string;
  at: number;
}

export interface ChatTyping {
  id: string;
  nick: string;
  typing: boolean;
}

export interface ChatClientEvents {
  'chat:join': (payload: ChatJoinPayload, ack: Ack<ChatJoined>) => void;
  'chat:send': (payload: ChatSendPayload, ack: Ack<ChatMessage>) => void;
  'chat:typing': (payload: ChatTypingPayload, ack: Ack<{ relayed: boolean }>) => void;
  'chat:private': (payload: ChatPrivatePayload, ack: Ack<ChatPrivateMessage>) => void;
  'chat:leave': (payload: Empty, ack: Ack<{ left: boolean }>) => void;
}

export interface ChatServerEvents {
  'chat:message': (message: ChatMessage) => void;
  'chat:private': (message: ChatPrivateMessage) => void;
  'chat:notice': (notice: ChatNotice) => void;
  'chat:typing': (typing: ChatTyping) => void;
  'chat:presence': (presence: { users: ChatUser[] }) => void;
}
