// The "Build the chat" lesson: the classic Socket.IO chat, one lab = one chat room.
import { z } from 'zod';
import type { Ack } from './common.ts';
import { SocketIdSchema } from './rooms.ts';

/** A nickname: 2–20 letters, digits, spaces, _ . or -, starting with a letter or digit. Rendered as text everywhere. */
export const NickSchema = z
  .string()
  .trim()
  .min(2, 'a nickname has at least 2 characters')
  .max(20, 'a nickname has at most 20 characters')
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'a nickname uses letters, digits, spaces, _ . or -, and starts with a letter or digit');

/** Message text; the length limit (Limits.chatMaxTextLength) is checked by the handler, so operators can change it. */
const TextSchema = z.string().trim().min(1, 'the message is empty').max(10_000, 'the message is far too long');

export const ChatJoinSchema = z.object({ nick: NickSchema }).strict();
export const ChatSendSchema = z.object({ text: TextSchema }).strict();
export const ChatTypingSchema = z.object({ typing: z.boolean() }).strict();
export const ChatPrivateSchema = z.object({ to: SocketIdSchema, text: TextSchema }).strict();
export const ChatLeaveSchema = z.object({}).strict();

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
  'chat:join': (payload: z.input<typeof ChatJoinSchema>, ack: Ack<ChatJoined>) => void;
  'chat:send': (payload: z.input<typeof ChatSendSchema>, ack: Ack<ChatMessage>) => void;
  'chat:typing': (payload: z.input<typeof ChatTypingSchema>, ack: Ack<{ relayed: boolean }>) => void;
  'chat:private': (payload: z.input<typeof ChatPrivateSchema>, ack: Ack<ChatPrivateMessage>) => void;
  'chat:leave': (payload: z.input<typeof ChatLeaveSchema>, ack: Ack<{ left: boolean }>) => void;
}

export interface ChatServerEvents {
  'chat:message': (message: ChatMessage) => void;
  'chat:private': (message: ChatPrivateMessage) => void;
  'chat:notice': (notice: ChatNotice) => void;
  'chat:typing': (typing: ChatTyping) => void;
  'chat:presence': (presence: { users: ChatUser[] }) => void;
}
