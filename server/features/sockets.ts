// sockets:watch — "Your socket". Lists the lab's connections with their real 4-tuples and the server's listening
// socket, and pushes a fresh list to the lab when a connection joins or leaves it. Changes are read from the
// adapter's own join-room / leave-room events, so nothing here depends on how labs are joined.
// Privacy: anyone with the lab link can watch it, so a watcher sees the client address only of its own
// connections: the same socket, or a socket opened by the same page (the same `page` token in the handshake
// auth, a random value the page never shows). Other connections come with the address left empty.
import type { AddressInfo } from 'node:net';
import type { LabConnection, LabSockets } from '../../src/contract/index.ts';
import { EmptySchema } from '../schemas/common.ts';
import type { DemoSocket, Feature, FeatureContext } from '../feature.ts';
import { labRoom } from '../labs.ts';
import { requireLab } from './require-lab.ts';
import { endpoint, tcpOf } from './tcp.ts';

/** Joins and leaves within this window are sent as one list (a page opening three clients at once). */
const COALESCE_MS = 30;
const ROOM_PREFIX = labRoom('');

const PAGE_TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

/** The page a socket says it belongs to (its handshake auth `page`), or undefined. */
function pageOf(socket: DemoSocket): string | undefined {
  const auth: unknown = socket.handshake.auth;
  if (!auth || typeof auth !== 'object' || !Object.hasOwn(auth, 'page')) return undefined;
  const page = (auth as { page: unknown }).page;
  return typeof page === 'string' && PAGE_TOKEN.test(page) ? page : undefined;
}

/** Who is looking: a socket id and, when it sent one, its page token. */
export interface Viewer {
  id: string;
  page?: string;
}

const viewerOf = (socket: DemoSocket): Viewer => ({ id: socket.id, page: pageOf(socket) });

/** The lab's connections as `viewer` may see them: others' client addresses left empty. */
export function labSockets(ctx: FeatureContext, labId: string, viewer: Viewer): LabSockets {
  const nsp = ctx.io.of('/');
  const ids = nsp.adapter.rooms.get(labRoom(labId)) ?? new Set<string>();
  const connections: LabConnection[] = [];
  for (const id of ids) {
    const socket = nsp.sockets.get(id);
    if (!socket) continue;
    const tcp = tcpOf(socket);
    const page = viewer.page === undefined ? undefined : pageOf(socket);
    const own = id === viewer.id || (page !== undefined && page === viewer.page);
    connections.push({
      socketId: socket.id,
      name: socket.data.name ?? '?',
      client: endpoint(own ? tcp?.remoteAddress : '', tcp?.remotePort),
      server: endpoint(tcp?.localAddress, tcp?.localPort),
      transport: socket.conn.transport.name as LabConnection['transport'],
    });
  }
  const address = ctx.httpServer.address();
  const listening =
    address && typeof address === 'object'
      ? endpoint((address as AddressInfo).address, address.port)
      : endpoint(undefined, 0);
  return { labId, listening, connections, at: ctx.clock.now() };
}

/** Sends each lab member its own view of the list: one list per page (or per socket without a page token). */
function push(ctx: FeatureContext, labId: string): void {
  const nsp = ctx.io.of('/');
  const views = new Map<string, LabSockets>();
  for (const id of nsp.adapter.rooms.get(labRoom(labId)) ?? []) {
    const socket = nsp.sockets.get(id);
    if (!socket) continue;
    const viewer = viewerOf(socket);
    const key = viewer.page ?? `socket:${id}`;
    let view = views.get(key);
    if (!view) views.set(key, (view = labSockets(ctx, labId, viewer)));
    socket.emit('sockets:lab', view);
  }
}

interface WatchState {
  /** Labs someone asked to watch; only these get pushes, so other widgets' labs stay quiet. */
  watched: Set<string>;
  pending: Map<string, ReturnType<typeof setTimeout>>;
}

/** Per demo server (tests run several in one process). */
const states = new WeakMap<object, WatchState>();

export const socketsFeature: Feature = {
  name: 'sockets',
  setup(ctx) {
    const watched = new Set<string>();
    const pending = new Map<string, ReturnType<typeof setTimeout>>();
    states.set(ctx.io, { watched, pending });
    const schedule = (room: string) => {
      if (!room.startsWith(ROOM_PREFIX)) return;
      const labId = room.slice(ROOM_PREFIX.length);
      if (!watched.has(labId) || pending.has(labId)) return;
      pending.set(
        labId,
        setTimeout(() => {
          pending.delete(labId);
          if (watched.has(labId)) push(ctx, labId);
        }, COALESCE_MS),
      );
    };
    const adapter = ctx.io.of('/').adapter;
    adapter.on('join-room', schedule);
    adapter.on('leave-room', schedule);
    adapter.on('delete-room', (room: string) => {
      if (room.startsWith(ROOM_PREFIX)) watched.delete(room.slice(ROOM_PREFIX.length));
    });
    ctx.onClose(() => {
      for (const timer of pending.values()) clearTimeout(timer);
      pending.clear();
      watched.clear();
    });
  },
  events: (ctx) => ({
    'sockets:watch': {
      schema: EmptySchema,
      fn(socket) {
        const labId = requireLab(socket);
        states.get(ctx.io)?.watched.add(labId);
        return labSockets(ctx, labId, viewerOf(socket));
      },
    },
  }),
};
