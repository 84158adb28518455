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
import { pageHash, RedisLabSockets, type SharedConnection } from '../scale/lab-sockets.ts';

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

/** What this node writes to Redis about one of its lab sockets, for the other nodes' lists. */
function sharedEntry(ctx: FeatureContext, socket: DemoSocket): SharedConnection {
  const tcp = tcpOf(socket);
  return {
    socketId: socket.id,
    node: ctx.scale.nodeId,
    client: endpoint(tcp?.remoteAddress, tcp?.remotePort),
    server: endpoint(tcp?.localAddress, tcp?.localPort),
    transport: socket.conn.transport.name as LabConnection['transport'],
    page: pageHash(pageOf(socket)),
  };
}

/**
 * labSockets() plus, on a shared Redis, the lab's connections on other nodes (those still on the lab's roster),
 * with the same privacy rule: a client address only for the watcher's own socket or page.
 */
function anyLabSockets(ctx: FeatureContext, labId: string, viewer: Viewer): LabSockets | Promise<LabSockets> {
  const local = labSockets(ctx, labId, viewer);
  const shared = states.get(ctx.io)?.shared;
  if (!shared) return local;
  const members = ctx.labs.get(labId)?.members;
  const mine = pageHash(viewer.page);
  return shared.list(labId).then((entries) => {
    for (const e of entries) {
      if (e.node === ctx.scale.nodeId || !members?.has(e.socketId)) continue;
      const own = mine !== undefined && e.page === mine;
      local.connections.push({
        socketId: e.socketId,
        name: members.get(e.socketId) ?? '?',
        client: endpoint(own ? e.client.address : '', e.client.port),
        server: e.server,
        transport: e.transport,
      });
    }
    return local;
  });
}

/** Sends each lab member its own view of the list: one list per page (or per socket without a page token). */
function push(ctx: FeatureContext, labId: string): void {
  const nsp = ctx.io.of('/');
  const views = new Map<string, LabSockets | Promise<LabSockets>>();
  for (const id of nsp.adapter.rooms.get(labRoom(labId)) ?? []) {
    const socket = nsp.sockets.get(id);
    if (!socket) continue;
    const viewer = viewerOf(socket);
    const key = viewer.page ?? `socket:${id}`;
    let view = views.get(key);
    if (!view) views.set(key, (view = anyLabSockets(ctx, labId, viewer)));
    if (!(view instanceof Promise)) socket.emit('sockets:lab', view);
    else view.then((v) => socket.emit('sockets:lab', v)).catch(() => undefined);
  }
}

interface WatchState {
  /** Labs someone asked to watch; only these get pushes, so other widgets' labs stay quiet. */
  watched: Set<string>;
  pending: Map<string, ReturnType<typeof setTimeout>>;
  /** With REDIS_URL: the lab connections of every node. */
  shared?: RedisLabSockets;
}

/** Per demo server (tests run several in one process). */
const states = new WeakMap<object, WatchState>();

export const socketsFeature: Feature = {
  name: 'sockets',
  setup(ctx) {
    const watched = new Set<string>();
    const pending = new Map<string, ReturnType<typeof setTimeout>>();
    const state: WatchState = { watched, pending };
    states.set(ctx.io, state);
    const scheduleLab = (labId: string) => {
      if (!watched.has(labId) || pending.has(labId)) return;
      pending.set(
        labId,
        setTimeout(() => {
          pending.delete(labId);
          if (watched.has(labId)) push(ctx, labId);
        }, COALESCE_MS),
      );
    };
    // Across nodes: another node's change reaches this one on the channel; a local one after Redis has it.
    const shared = ctx.scale.redis ? new RedisLabSockets(ctx.scale, ctx.limits.labIdleMs, scheduleLab) : undefined;
    if (shared) {
      state.shared = shared;
      ctx.onClose(() => shared.close());
    }
    const nsp = ctx.io.of('/');
    const schedule = (room: string, id?: string, joined?: boolean) => {
      if (!room.startsWith(ROOM_PREFIX)) return;
      const labId = room.slice(ROOM_PREFIX.length);
      const socket = id === undefined ? undefined : nsp.sockets.get(id);
      if (!shared) return scheduleLab(labId);
      const write = joined && socket ? shared.put(labId, sharedEntry(ctx, socket)) : shared.drop(labId, id ?? '');
      write.catch(() => scheduleLab(labId));
    };
    const adapter = nsp.adapter;
    adapter.on('join-room', (room: string, id: string) => schedule(room, id, true));
    adapter.on('leave-room', (room: string, id: string) => schedule(room, id, false));
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
        return anyLabSockets(ctx, labId, viewerOf(socket));
      },
    },
  }),
};
