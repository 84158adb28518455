// rooms:* — the "Broadcasts and rooms" lesson. The server really calls socket.join/leave and really performs the
// emit variant the learner picked. Everything is scoped to the learner's lab:
//  - a room the learner calls "room1" is "lab:<labId>/room1" on the server, so labs never collide;
//  - "everyone" (io.emit, socket.broadcast.emit, io.except) means everyone in the lab's room;
//  - a private message may only target a socket in the same lab.
// Who is in which room reaches the page as small, coalesced, versioned deltas (rooms-deltas.ts), only for the
// sockets that asked for `rooms:list`; a full snapshot only when asked (rooms:list, or a socket's own join/leave).
import type { RoomMessage, RoomsChange, RoomsSnapshot } from '../../src/contract/index.ts';
import { EmptySchema } from '../schemas/common.ts';
import { roomSchemas } from '../schemas/rooms.ts';
import { UserError } from '../errors.ts';
import type { DemoSocket, Feature, FeatureContext } from '../feature.ts';
import { labRoom } from '../labs.ts';
import { requireLab } from './require-lab.ts';
import { findVariant } from '../../src/lib/protocol/emit-semantics.ts';
import { RoomsDeltas, watchRoom } from './rooms-deltas.ts';
import { RedisLabRooms } from '../scale/lab-rooms.ts';

/** The real Socket.IO room behind a learner's room name. */
export const scopedRoom = (labId: string, room: string) => `${labRoom(labId)}/${room}`;

/** At most this many named rooms per socket: the lesson needs two or three. */
const MAX_ROOMS_PER_SOCKET = 8;

/** Each server's delta collector (the feature object is shared by every server a process builds). */
const collectors = new WeakMap<FeatureContext, RoomsDeltas>();

/** Each server's shared room lists on Redis (absent alone: the adapter's rooms are then the truth). */
const sharedRooms = new WeakMap<FeatureContext, RedisLabRooms>();

function record(ctx: FeatureContext, labId: string, change: RoomsChange): void {
  collectors.get(ctx)?.record(labId, change);
}

export function snapshot(ctx: FeatureContext, labId: string): RoomsSnapshot {
  const prefix = scopedRoom(labId, '');
  const members = [...(ctx.labs.get(labId)?.members ?? new Map<string, string>())].map(([id, name]) => {
    const socket = ctx.io.of('/').sockets.get(id);
    const rooms = socket
      ? [...socket.rooms]
          .filter((r) => r.startsWith(prefix))
          .map((r) => r.slice(prefix.length))
          .sort()
      : [];
    return { id, name, rooms };
  });
  return { members, version: collectors.get(ctx)?.version(labId) ?? 0 };
}

/** The learner rooms a socket is in, by the names the learner gave them. */
function roomsOf(socket: DemoSocket, labId: string): string[] {
  const prefix = scopedRoom(labId, '');
  return [...socket.rooms].filter((r) => r.startsWith(prefix)).map((r) => r.slice(prefix.length));
}

/**
 * snapshot() alone; on a shared Redis the rooms of every node's sockets and the version all nodes share (a
 * promise). The roster still comes from the lab directory's replica.
 */
function anySnapshot(ctx: FeatureContext, labId: string): RoomsSnapshot | Promise<RoomsSnapshot> {
  const shared = sharedRooms.get(ctx);
  if (!shared) return snapshot(ctx, labId);
  return shared.read(labId).then(({ rooms, version }) => {
    const members = [...(ctx.labs.get(labId)?.members ?? new Map<string, string>())].map(([id, name]) => ({
      id,
      name,
      rooms: [...(rooms.get(id) ?? [])].sort(),
    }));
    return { members, version };
  });
}

/** On a shared Redis, writes the socket's rooms where the other nodes read them. */
async function shareRooms(ctx: FeatureContext, socket: DemoSocket, labId: string): Promise<void> {
  await sharedRooms.get(ctx)?.set(labId, socket.id, roomsOf(socket, labId));
}

type Params = { room?: string; room2?: string; target?: string };

/** Performs the variant. Each case is the cheatsheet line, with "everyone" narrowed to the lab's room. */
function perform(
  ctx: FeatureContext,
  socket: DemoSocket,
  labId: string,
  variant: string,
  p: Params,
  message: RoomMessage,
): void {
  const { io } = ctx;
  const lab = labRoom(labId);
  const r1 = scopedRoom(labId, p.room ?? '');
  const r2 = scopedRoom(labId, p.room2 ?? '');
  const t = p.target ?? '';
  const ev = 'rooms:message' as const;
  switch (variant) {
    case 'socket.emit':
      socket.emit(ev, message);
      return;
    case 'io.emit':
      io.to(lab).emit(ev, message);
      return;
    case 'socket.broadcast.emit':
      socket.broadcast.to(lab).emit(ev, message);
      return;
    case 'io.to(room).emit':
      io.to(r1).emit(ev, message);
      return;
    case 'io.in(room).emit':
      io.in(r1).emit(ev, message);
      return;
    case 'socket.to(room).emit':
      socket.to(r1).emit(ev, message);
      return;
    case 'io.to([room,room2]).emit':
      io.to([r1, r2]).emit(ev, message);
      return;
    case 'socket.to([room,room2]).emit':
      socket.to([r1, r2]).emit(ev, message);
      return;
    case 'io.except(room).emit':
      io.to(lab).except(r1).emit(ev, message);
      return;
    case 'io.to(room).except(room2).emit':
      io.to(r1).except(r2).emit(ev, message);
      return;
    case 'socket.broadcast.except(room).emit':
      socket.broadcast.to(lab).except(r1).emit(ev, message);
      return;
    case 'socket.to(room).except(room2).emit':
      socket.to(r1).except(r2).emit(ev, message);
      return;
    case 'io.to(target).emit':
      io.to(t).emit(ev, message);
      return;
    case 'socket.to(target).emit':
      socket.to(t).emit(ev, message);
      return;
    default:
      throw new UserError(`Unknown emit variant "${variant}".`);
  }
}

export const roomsFeature: Feature = {
  name: 'rooms',
  setup(ctx) {
    const shared = ctx.scale.redis ? new RedisLabRooms(ctx.scale, ctx.limits.labIdleMs) : undefined;
    if (shared) sharedRooms.set(ctx, shared);
    const deltas = new RoomsDeltas({
      clock: ctx.clock,
      // Across nodes the watchers may all sit on another node: every lab records (a simplification that costs a
      // flush per window per busy lab, only with Redis).
      watched: (labId) => Boolean(shared) || Boolean(ctx.io.of('/').adapter.rooms.get(watchRoom(labId))?.size),
      send: (labId, delta) => ctx.io.to(watchRoom(labId)).emit('rooms:delta', delta),
      ...(shared ? { nextVersion: (labId: string) => shared.nextVersion(labId) } : {}),
    });
    collectors.set(ctx, deltas);
    ctx.onClose(() => deltas.close());
    // A dead node's socket that this node took off a roster (its learner came back with the member secret, or its
    // node's heartbeat expired) cannot say it left: this node says it for it, once.
    ctx.labs.shared?.onGone((labId, socketId) => {
      shared?.set(labId, socketId, []).catch(() => undefined);
      record(ctx, labId, { kind: 'left', id: socketId });
    });
  },
  events(ctx) {
    const schemas = roomSchemas();
    return {
      'rooms:join': {
        schema: schemas.change,
        async fn(socket, { room }) {
          const labId = requireLab(socket);
          const prefix = scopedRoom(labId, '');
          const mine = [...socket.rooms].filter((r) => r.startsWith(prefix));
          if (mine.length >= MAX_ROOMS_PER_SOCKET && !socket.rooms.has(scopedRoom(labId, room))) {
            throw new UserError(`A socket can be in at most ${MAX_ROOMS_PER_SOCKET} rooms in this lab.`, 'too-large');
          }
          const scoped = scopedRoom(labId, room);
          if (!socket.rooms.has(scoped)) {
            await socket.join(scoped);
            await shareRooms(ctx, socket, labId);
            record(ctx, labId, { kind: 'entered', id: socket.id, room });
          }
          return anySnapshot(ctx, labId);
        },
      },

      'rooms:leave': {
        schema: schemas.change,
        async fn(socket, { room }) {
          const labId = requireLab(socket);
          const scoped = scopedRoom(labId, room);
          if (socket.rooms.has(scoped)) {
            await socket.leave(scoped);
            await shareRooms(ctx, socket, labId);
            record(ctx, labId, { kind: 'exited', id: socket.id, room });
          }
          return anySnapshot(ctx, labId);
        },
      },

      'rooms:list': {
        schema: EmptySchema,
        fn(socket) {
          const labId = requireLab(socket);
          // Asking for the list is asking for the view: from now on this socket hears the lab's deltas.
          void socket.join(watchRoom(labId));
          return anySnapshot(ctx, labId);
        },
      },

      'rooms:emit': {
        schema: schemas.emit,
        async fn(socket, { variant, room, room2, target, ref }, handler) {
          const labId = requireLab(socket);
          for (const key of findVariant(variant).params) {
            if (!{ room, room2, target }[key]) throw new UserError(`${variant} needs "${key}".`, 'invalid-payload');
          }
          if (target !== undefined && !ctx.labs.get(labId)?.members.has(target)) {
            throw new UserError('That socket is not in your lab: private messages stay inside the lab.', 'not-allowed');
          }
          // Every variant reaches at most the lab's members: spend that much of the lab's delivery budget.
          const reach = sharedRooms.has(ctx)
            ? (ctx.labs.get(labId)?.members.size ?? 0) // every node's sockets, from the shared roster
            : (ctx.io.of('/').adapter.rooms.get(labRoom(labId))?.size ?? 0);
          await ctx.deliveries.take(labId, reach);
          const message: RoomMessage = {
            ref,
            variant,
            from: socket.data.name ?? '?',
            fromSocket: socket.id,
            sentAt: ctx.clock.now(),
          };
          // Acknowledge first, then fan out: the ack proves the server accepted the request, not that anyone received it.
          handler.afterAck(() => void perform(ctx, socket, labId, variant, { room, room2, target }, message));
          const scopedCode = describeScoped(labId, variant, { room, room2, target });
          return { scopedCode };
        },
      },
    };
  },
  entered(socket, ctx) {
    const labId = socket.data.labId;
    if (labId) record(ctx, labId, { kind: 'joined', id: socket.id, name: socket.data.name ?? '?' });
  },
  // Socket.IO removes a disconnected socket from all its rooms by itself: one change says it is gone from all.
  left(socket, ctx, labId) {
    sharedRooms
      .get(ctx)
      ?.set(labId, socket.id, [])
      .catch(() => undefined);
    // On a shared Redis the roster may still list this socket (its leave is on its way to Redis): not counted.
    const members = ctx.labs.get(labId)?.members;
    if (!members || members.size - (members.has(socket.id) ? 1 : 0) === 0) {
      collectors.get(ctx)?.forget(labId);
      return;
    }
    record(ctx, labId, { kind: 'left', id: socket.id });
  },
};

/** The scoped line, for the receipt, without performing anything. */
function describeScoped(labId: string, variant: string, p: Params): string {
  const lab = labRoom(labId);
  const r1 = scopedRoom(labId, p.room ?? '');
  const r2 = scopedRoom(labId, p.room2 ?? '');
  const t = p.target ?? '';
  const lines: Record<string, string> = {
    'socket.emit': 'socket.emit(…)',
    'io.emit': `io.to("${lab}").emit(…)`,
    'socket.broadcast.emit': `socket.broadcast.to("${lab}").emit(…)`,
    'io.to(room).emit': `io.to("${r1}").emit(…)`,
    'io.in(room).emit': `io.in("${r1}").emit(…)`,
    'socket.to(room).emit': `socket.to("${r1}").emit(…)`,
    'io.to([room,room2]).emit': `io.to(["${r1}", "${r2}"]).emit(…)`,
    'socket.to([room,room2]).emit': `socket.to(["${r1}", "${r2}"]).emit(…)`,
    'io.except(room).emit': `io.to("${lab}").except("${r1}").emit(…)`,
    'io.to(room).except(room2).emit': `io.to("${r1}").except("${r2}").emit(…)`,
    'socket.broadcast.except(room).emit': `socket.broadcast.to("${lab}").except("${r1}").emit(…)`,
    'socket.to(room).except(room2).emit': `socket.to("${r1}").except("${r2}").emit(…)`,
    'io.to(target).emit': `io.to("${t}").emit(…)`,
    'socket.to(target).emit': `socket.to("${t}").emit(…)`,
  };
  return lines[variant] ?? '';
}
