// two:* — the "Scaling Socket.IO across servers" lab. Two more Socket.IO servers, node A and node B, share this
// process's http.Server on paths of their own, and a lab's clients sit on either. Both always have a cluster
// adapter (Redis Streams with REDIS_URL, else the in-process bus); a lab with its adapter switched off sends
// with `io.local`, which skips the adapter's cross-node step: exactly what a node alone does.
import { Server } from 'socket.io';
import {
  NODE_PATHS,
  TWO_NODE_NAMES,
  type NodeName,
  type TwoNodesAdapterKind,
  type TwoNodesHello,
  type TwoNodesMode,
  type TwoNodesState,
} from '../../src/contract/index.ts';
import { createDispatcher, labHooks } from '../dispatch.ts';
import { UserError } from '../errors.ts';
import type { DemoServer, DemoSocket, EventSpecs, Feature, FeatureContext } from '../feature.ts';
import { labRoom } from '../labs.ts';
import { EmptySchema } from '../schemas/common.ts';
import { twoNodesSchemas } from '../schemas/two-nodes.ts';
import { guardSlowReaders } from '../slow-readers.ts';
import { labsFeature } from './labs.ts';
import { requireLab } from './require-lab.ts';
import { InProcessBus } from './two-nodes-bus.ts';
import { memoryModes, redisModes, type LabModes } from './two-nodes-modes.ts';
import { routerRoutes } from './two-nodes-router.ts';

/** The room every socket of a node joins, so fetchSockets() answers say which node each socket is on. */
const nodeRoom = (name: NodeName) => `two-nodes:${name}`;
/** How long a node waits for the other nodes' answers to fetchSockets / serverSideEmit. */
const ASK_TIMEOUT_MS = 2000;

interface TwoNodes {
  nodes: Record<NodeName, DemoServer>;
  adapterKind: TwoNodesAdapterKind;
  /** Per lab, shared by every process on Redis (two-nodes-modes.ts). */
  modes: LabModes;
}

const states = new WeakMap<FeatureContext, TwoNodes>();

const publicState = (state: TwoNodes, mode: TwoNodesMode): TwoNodesState => ({
  adapter: mode.adapter,
  sticky: mode.sticky,
  adapterKind: state.adapterKind,
});

/** The lab's sockets on one node of this process. */
const localCount = (io: DemoServer, labId: string) => io.of('/').adapter.rooms.get(labRoom(labId))?.size ?? 0;

function events(ctx: FeatureContext, state: TwoNodes, name: NodeName): EventSpecs {
  const io = state.nodes[name];
  const schemas = twoNodesSchemas();
  // With the adapter off, `local` keeps the operation on this node, as if it had no adapter at all.
  const via = (mode: TwoNodesMode) => (mode.adapter ? io : io.local);
  return {
    'two:mode': {
      schema: schemas.mode,
      async fn(socket, payload, h) {
        const labId = requireLab(socket);
        const mode = await state.modes.set(labId, payload);
        const both = TWO_NODE_NAMES.reduce((n, node) => n + localCount(state.nodes[node], labId), 0);
        await ctx.deliveries.take(labId, both);
        const next = publicState(state, mode);
        // This process's sockets hear it here; every other process's hear it from the announcement.
        h.afterAck(() => tellLocal(state, labId, next));
        return next;
      },
    },
    'two:broadcast': {
      schema: EmptySchema,
      async fn(socket, _payload, h) {
        const labId = requireLab(socket);
        const mode = await state.modes.get(labId);
        const reach = mode.adapter ? TWO_NODE_NAMES.map((n) => state.nodes[n]) : [io];
        await ctx.deliveries.take(
          labId,
          reach.reduce((n, node) => n + localCount(node, labId), 0),
        );
        const seq = await state.modes.nextSeq(labId);
        const message = { seq, from: socket.data.name ?? '?', node: name, viaAdapter: mode.adapter };
        h.afterAck(() => via(mode).to(labRoom(labId)).emit('two:message', message));
        return { seq, node: name, viaAdapter: mode.adapter };
      },
    },
    'two:count': {
      schema: EmptySchema,
      async fn(socket) {
        const labId = requireLab(socket);
        const mode = await state.modes.get(labId);
        const sockets = await via(mode).timeout(ASK_TIMEOUT_MS).in(labRoom(labId)).fetchSockets();
        const byNode: Record<NodeName, number> = { a: 0, b: 0 };
        for (const s of sockets) for (const node of TWO_NODE_NAMES) if (s.rooms.has(nodeRoom(node))) byNode[node]++;
        return { asked: name, viaAdapter: mode.adapter, total: sockets.length, byNode };
      },
    },
    'two:ping': {
      schema: EmptySchema,
      async fn(socket) {
        const labId = requireLab(socket);
        const mode = await state.modes.get(labId);
        // A node without an adapter knows no other node: there is nobody to send a server-side event to.
        if (!mode.adapter) return { from: name, viaAdapter: false, replies: [] };
        let answers: unknown[];
        try {
          answers = await io.serverSideEmitWithAck('two:hello', { labId });
        } catch {
          throw new UserError('Not every node answered in time.', 'timeout');
        }
        const replies = answers.filter(isHello);
        return { from: name, viaAdapter: true, replies };
      },
    },
  };
}

/** Sends the lab's new switches to its sockets on this process's two nodes. */
function tellLocal(state: TwoNodes, labId: string, next: TwoNodesState): void {
  for (const node of TWO_NODE_NAMES) state.nodes[node].local.to(labRoom(labId)).emit('two:state', next);
}

function isHello(value: unknown): value is TwoNodesHello {
  const v = value as TwoNodesHello;
  return typeof v === 'object' && v !== null && TWO_NODE_NAMES.includes(v.node) && Number.isInteger(v.sockets);
}

function startNode(ctx: FeatureContext, state: TwoNodes, name: NodeName, bus?: InProcessBus): DemoServer {
  // destroyUpgrade: false, or this engine would kill WebSocket upgrades meant for the other servers on the port.
  const io: DemoServer = new Server(ctx.httpServer, {
    path: NODE_PATHS[name],
    serveClient: false,
    destroyUpgrade: false,
    maxHttpBufferSize: ctx.limits.maxPayloadBytes,
    // Both nodes on one stream (or one bus): that is what makes them one cluster.
    ...(bus ? { adapter: bus.adapter() } : ctx.scale.serverOptions('two-nodes')),
  });
  state.nodes[name] = io;
  // Every Engine.IO connection to a node counts against its address's quota, as on the other servers.
  ctx.engineAdmission.attach(io);
  ctx.onClose(guardSlowReaders(io, ctx.limits.maxUnsentBytes, ctx.logger));
  const own = [labsFeature];
  const nodeCtx: FeatureContext = { ...ctx, io, enteredLab: labHooks(() => nodeCtx, own) };
  const specs = Object.assign({}, ...own.map((f) => f.events?.(nodeCtx) ?? {}), events(nodeCtx, state, name));
  const dispatcher = createDispatcher(specs, ctx);
  io.use(ctx.admission);
  io.on('connection', (socket: DemoSocket) => {
    dispatcher.attach(socket);
    void socket.join(nodeRoom(name));
  });
  const hello = twoNodesSchemas().hello;
  io.on('two:hello', (request, reply) => {
    const parsed = hello.safeParse(request);
    if (parsed.success && typeof reply === 'function')
      reply({ node: name, sockets: localCount(io, parsed.data.labId) });
  });
  return io;
}

function setup(ctx: FeatureContext): void {
  const bus = ctx.scale.redis ? undefined : new InProcessBus();
  const state: TwoNodes = {
    nodes: {} as Record<NodeName, DemoServer>,
    adapterKind: ctx.scale.redis ? 'redis-streams' : 'in-process',
    modes: ctx.scale.redis ? redisModes(ctx.scale, ctx.limits.labIdleMs, ctx.logger) : memoryModes(),
  };
  state.modes.onRemoteChange((labId, mode) => tellLocal(state, labId, publicState(state, mode)));
  for (const name of TWO_NODE_NAMES) startNode(ctx, state, name, bus);
  states.set(ctx, state);

  const sweep = setInterval(() => {
    for (const labId of [...state.modes.labs()]) if (!ctx.labs.get(labId)) state.modes.forget(labId);
  }, ctx.limits.sweepIntervalMs);
  sweep.unref();
  ctx.onClose(() => {
    clearInterval(sweep);
    // Not io.close(): that would also close the shared http.Server, which belongs to the caller.
    for (const io of Object.values(state.nodes)) {
      const nsp = io.of('/');
      for (const socket of nsp.sockets.values()) socket.disconnect(true);
      nsp.adapter.close();
      io.engine.close();
    }
    return state.modes.close();
  });
}

export const twoNodesFeature: Feature = {
  name: 'two-nodes',
  setup,
  routes(ctx) {
    const state = states.get(ctx);
    if (!state) return [];
    const sticky = (labId: string) => {
      const mode = state.modes.cached(labId);
      // A lab this process has not heard of yet: answer "not sticky" now and fetch its switches for next time.
      if (!mode) state.modes.get(labId).catch(() => undefined);
      return mode?.sticky ?? false;
    };
    return routerRoutes(ctx, { nodes: state.nodes, sticky });
  },
};
