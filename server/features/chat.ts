// chat:* — the classic Socket.IO chat, scoped to a lab: the lab's chat room is "lab:<id>/chat".
//  - messages: socket.to(room) to the others, the sender gets its copy in the acknowledgement;
//  - private messages: socket.to(<their socket id>), only to a socket in the same lab's chat;
//  - join/leave notices and presence: to the room; "is typing": relayed at most once per interval per socket.
// Nothing is stored: a message reaches whoever is in the room at that moment, and is then forgotten.
import { randomUUID } from 'node:crypto';
import type { ChatMessage, ChatUser } from '../../src/contract/index.ts';
import { chatSchemas } from '../schemas/chat.ts';
import { EmptySchema } from '../schemas/common.ts';
import { UserError } from '../errors.ts';
import type { DemoSocket, Feature, FeatureContext } from '../feature.ts';
import { nameSkeleton } from '../names.ts';
import { requireLab } from './require-lab.ts';

// Not under "lab:<id>/": that prefix belongs to the rooms learners name themselves (rooms:join {room: "chat"}).
export const chatRoom = (labId: string) => `chat:${labId}`;

/** Who is in the lab's chat, read from the room itself: the room is the truth. */
export function chatUsers(ctx: FeatureContext, labId: string): ChatUser[] {
  const ids = ctx.io.of('/').adapter.rooms.get(chatRoom(labId)) ?? new Set<string>();
  const users: ChatUser[] = [];
  for (const id of ids) {
    const nick = ctx.io.of('/').sockets.get(id)?.data.chatNick;
    if (nick) users.push({ id, nick });
  }
  return users.sort((a, b) => a.nick.localeCompare(b.nick));
}

function requireNick(socket: DemoSocket): { labId: string; nick: string } {
  const labId = requireLab(socket);
  const nick = socket.data.chatNick;
  if (!nick) throw new UserError('Pick a nickname first (chat:join).', 'not-allowed');
  return { labId, nick };
}

function checkLength(ctx: FeatureContext, text: string): void {
  const max = ctx.limits.chatMaxTextLength;
  if (text.length > max) {
    throw new UserError(`A message has at most ${max} characters (this one has ${text.length}).`, 'too-large');
  }
}

function leaveChat(ctx: FeatureContext, socket: DemoSocket, labId: string): boolean {
  const nick = socket.data.chatNick;
  if (!nick) return false;
  socket.data.chatNick = undefined;
  const room = chatRoom(labId);
  void socket.leave(room);
  ctx.io.to(room).emit('chat:typing', { id: socket.id, nick, typing: false });
  ctx.io.to(room).emit('chat:notice', { kind: 'leave', id: socket.id, nick, at: ctx.clock.now() });
  ctx.io.to(room).emit('chat:presence', { users: chatUsers(ctx, labId) });
  return true;
}

export const chatFeature: Feature = {
  name: 'chat',
  events(ctx) {
    const schemas = chatSchemas(ctx.limits);
    // When each socket last had an "is typing" relayed (absent: never, or reset by a send or a stop).
    const lastTypingAt = new WeakMap<DemoSocket, number>();
    return {
      'chat:join': {
        schema: schemas.join,
        fn(socket, { nick }, handler) {
          const labId = requireLab(socket);
          if (socket.data.chatNick) throw new UserError(`You are already in this chat as ${socket.data.chatNick}.`);
          // Compared by skeleton: "Alice", "alice" and "Аlice" (Cyrillic А) are one nickname.
          const skeleton = nameSkeleton(nick);
          const taken = chatUsers(ctx, labId).some((u) => nameSkeleton(u.nick) === skeleton);
          if (taken) throw new UserError(`“${nick}” is taken in this lab. Pick another nickname.`, 'name-taken');
          socket.data.chatNick = nick;
          const room = chatRoom(labId);
          void socket.join(room);
          handler.afterAck(() => {
            socket.to(room).emit('chat:notice', { kind: 'join', id: socket.id, nick, at: ctx.clock.now() });
            ctx.io.to(room).emit('chat:presence', { users: chatUsers(ctx, labId) });
          });
          const { chatMaxTextLength, chatTypingIntervalMs, chatTypingTimeoutMs } = ctx.limits;
          return {
            nick,
            users: chatUsers(ctx, labId),
            limits: {
              maxTextLength: chatMaxTextLength,
              typingIntervalMs: chatTypingIntervalMs,
              typingTimeoutMs: chatTypingTimeoutMs,
            },
          };
        },
      },

      'chat:send': {
        schema: schemas.send,
        fn(socket, { text }, handler) {
          const { labId, nick } = requireNick(socket);
          checkLength(ctx, text);
          const message: ChatMessage = {
            id: randomUUID().slice(0, 8),
            fromId: socket.id,
            from: nick,
            text,
            at: ctx.clock.now(),
          };
          // The sender's copy comes back in the acknowledgement; everyone else gets it through the room.
          ctx.deliveries.take(labId, (ctx.io.of('/').adapter.rooms.get(chatRoom(labId))?.size ?? 1) - 1);
          handler.afterAck(() => socket.to(chatRoom(labId)).emit('chat:message', message));
          lastTypingAt.delete(socket);
          return message;
        },
      },

      'chat:private': {
        schema: schemas.private,
        fn(socket, { to, text }, handler) {
          const { labId, nick } = requireNick(socket);
          checkLength(ctx, text);
          if (to === socket.id) throw new UserError('That is you: a private message goes to someone else.');
          const target = ctx.io.of('/').sockets.get(to);
          const toNick = target?.data.chatNick;
          if (!target || target.data.labId !== labId || !toNick)
            throw new UserError('That person is not in this chat (any more).');
          const message = {
            id: randomUUID().slice(0, 8),
            fromId: socket.id,
            from: nick,
            toId: to,
            to: toNick,
            text,
            at: ctx.clock.now(),
          };
          // Every socket is alone in a room named by its id: this reaches exactly one connection.
          handler.afterAck(() => socket.to(to).emit('chat:private', message));
          return message;
        },
      },

      'chat:typing': {
        schema: schemas.typing,
        fn(socket, { typing }) {
          const { labId, nick } = requireNick(socket);
          const now = ctx.clock.now();
          if (typing) {
            if (now - (lastTypingAt.get(socket) ?? Number.NEGATIVE_INFINITY) < ctx.limits.chatTypingIntervalMs) {
              return { relayed: false };
            }
            lastTypingAt.set(socket, now);
          } else {
            lastTypingAt.delete(socket);
          }
          socket.to(chatRoom(labId)).emit('chat:typing', { id: socket.id, nick, typing });
          return { relayed: true };
        },
      },

      'chat:leave': { schema: EmptySchema, fn: (socket) => ({ left: leaveChat(ctx, socket, requireLab(socket)) }) },
    };
  },
  // Socket.IO has already taken the socket out of the chat room; tell the others who left.
  left(socket, ctx, labId) {
    leaveChat(ctx, socket, labId);
  },
};
