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
import { RedisChatNicks } from '../scale/lab-chat.ts';

// Not under "lab:<id>/": that prefix belongs to the rooms learners name themselves (rooms:join {room: "chat"}).
export const chatRoom = (labId: string) => `chat:${labId}`;

/** Each server's shared nicknames on Redis (absent alone: the chat room on this node is then the truth). */
const sharedNicks = new WeakMap<FeatureContext, RedisChatNicks>();

/** Who is in the lab's chat, read from the room itself (alone) or from the nicknames all nodes share. */
export function chatUsers(ctx: FeatureContext, labId: string): ChatUser[] {
  const nicks = sharedNicks.get(ctx);
  if (nicks) return nicks.users(labId);
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
  const nicks = sharedNicks.get(ctx);
  if (!nicks) ctx.io.to(room).emit('chat:presence', { users: chatUsers(ctx, labId) });
  else {
    nicks
      .release(labId, socket.id)
      .then(() => ctx.io.to(room).emit('chat:presence', { users: chatUsers(ctx, labId) }))
      .catch((err) => ctx.logger.warn('chat.leave.failed', { labId, error: String(err) }));
  }
  return true;
}

/** On a shared Redis: nicknames in Redis, and a dead node's chatters announced as gone by the node that saw it. */
function shareNicks(ctx: FeatureContext): void {
  if (!ctx.scale.redis) return;
  const nicks = new RedisChatNicks(ctx.scale, ctx.logger);
  sharedNicks.set(ctx, nicks);
  ctx.onClose(() => nicks.close());
  ctx.labs.shared?.onGone((labId, socketId) => {
    const nick = nicks.nickOf(labId, socketId);
    if (!nick) return;
    void nicks.release(labId, socketId).then((held) => {
      if (!held) return;
      const room = chatRoom(labId);
      ctx.io.to(room).emit('chat:notice', { kind: 'leave', id: socketId, nick, at: ctx.clock.now() });
      ctx.io.to(room).emit('chat:presence', { users: chatUsers(ctx, labId) });
    });
  });
}

export const chatFeature: Feature = {
  name: 'chat',
  setup: shareNicks,
  events(ctx) {
    const schemas = chatSchemas(ctx.limits);
    // When each socket last had an "is typing" relayed (absent: never, or reset by a send or a stop).
    const lastTypingAt = new WeakMap<DemoSocket, number>();
    return {
      'chat:join': {
        schema: schemas.join,
        async fn(socket, { nick }, handler) {
          const labId = requireLab(socket);
          if (socket.data.chatNick) throw new UserError(`You are already in this chat as ${socket.data.chatNick}.`);
          const taken = () => new UserError(`“${nick}” is taken in this lab. Pick another nickname.`, 'name-taken');
          const nicks = sharedNicks.get(ctx);
          if (nicks) {
            // Redis compares the skeletons, across every node, in one step.
            if (!(await nicks.claim(labId, socket.id, nick))) throw taken();
            if (socket.disconnected || socket.data.chatNick || socket.data.labId !== labId) {
              await nicks.release(labId, socket.id);
              throw new UserError('This connection changed while the nickname was taken; try again.');
            }
          } else {
            // Compared by skeleton: "Alice", "alice" and "Аlice" (Cyrillic А) are one nickname.
            const skeleton = nameSkeleton(nick);
            if (chatUsers(ctx, labId).some((u) => nameSkeleton(u.nick) === skeleton)) throw taken();
          }
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
        async fn(socket, { text }, handler) {
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
          const inChat = sharedNicks.has(ctx)
            ? chatUsers(ctx, labId).length
            : (ctx.io.of('/').adapter.rooms.get(chatRoom(labId))?.size ?? 1);
          await ctx.deliveries.take(labId, inChat - 1);
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
          // Alone: the socket itself; on a shared Redis the target may sit on another node, so the nicknames say.
          const nicks = sharedNicks.get(ctx);
          const target = ctx.io.of('/').sockets.get(to);
          const toNick = nicks
            ? nicks.nickOf(labId, to)
            : target?.data.labId === labId
              ? target.data.chatNick
              : undefined;
          if (!toNick) throw new UserError('That person is not in this chat (any more).');
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
