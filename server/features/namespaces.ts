// /lab-news and /lab-chat: two namespaces created with io.of(), each with its own middleware (auth: which lab,
// validated with zod; the lab must exist), its own handler and its own rooms. A socket joins its lab's room
// inside that namespace, so labs stay apart there too. Each namespace has its own dispatcher (one event each),
// with the same rate limit and answers as "/".
import { LAB_NAMESPACES, type LabNamespace, type NamespaceReceipt } from '../../src/contract/index.ts';
import { createDispatcher, describeZodError } from '../dispatch.ts';
import type { DemoSocket, EventSpecs, Feature, FeatureContext } from '../feature.ts';
import { LabNames, labRoom } from '../labs.ts';
import { NamespaceAuthSchema, namespaceSchemas } from '../schemas/namespaces.ts';
import { requireLab } from './require-lab.ts';

function attach(ctx: FeatureContext, name: LabNamespace): void {
  const nsp = ctx.io.of(name);
  nsp.use(ctx.admission);
  // Names are unique per lab inside each namespace too ("Alice", "Alice 2"), as in the lab itself.
  const names = new Map<string, { names: LabNames; sockets: number }>();
  // Namespace middleware: runs once per socket, when its CONNECT packet arrives. An error here becomes a
  // CONNECT_ERROR packet for this namespace only; the client's other namespaces are not affected.
  nsp.use((socket, next) => {
    const auth = NamespaceAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error(`${name} needs { labId, name } in auth: ${describeZodError(auth.error)}`));
    if (!ctx.labs.get(auth.data.labId)) return next(new Error(`There is no lab "${auth.data.labId}".`));
    const labId = auth.data.labId;
    let lab = names.get(labId);
    if (!lab) names.set(labId, (lab = { names: new LabNames(), sockets: 0 }));
    lab.sockets++;
    socket.data.labId = labId;
    socket.data.name = lab.names.claim(socket.id, auth.data.name);
    socket.once('disconnect', () => {
      lab.names.release(socket.id);
      if (--lab.sockets === 0) names.delete(labId);
    });
    next();
  });
  const receipt = (socket: DemoSocket): NamespaceReceipt => ({
    nsp: name,
    recipients: nsp.adapter.rooms.get(labRoom(requireLab(socket)))?.size ?? 0,
  });
  const schemas = namespaceSchemas(ctx.limits);
  const specs: EventSpecs =
    name === '/lab-news'
      ? {
          'news:publish': {
            schema: schemas.news,
            async fn(socket, { headline }, handler) {
              const r = receipt(socket);
              await ctx.deliveries.take(requireLab(socket), r.recipients);
              const from = socket.data.name ?? '?';
              handler.afterAck(() => nsp.to(labRoom(requireLab(socket))).emit('news:headline', { headline, from }));
              return r;
            },
          },
        }
      : {
          'chat:say': {
            schema: schemas.say,
            async fn(socket, { text }, handler) {
              const r = receipt(socket);
              await ctx.deliveries.take(requireLab(socket), r.recipients);
              const from = socket.data.name ?? '?';
              handler.afterAck(() => nsp.to(labRoom(requireLab(socket))).emit('chat:line', { text, from }));
              return r;
            },
          },
        };
  const dispatcher = createDispatcher(specs, ctx);
  nsp.on('connection', (socket: DemoSocket) => {
    dispatcher.attach(socket);
    void socket.join(labRoom(socket.data.labId!));
  });
}

export const namespacesFeature: Feature = {
  name: 'namespaces',
  // Nothing on "/": these namespaces have their own connection handlers.
  setup(ctx) {
    for (const name of LAB_NAMESPACES) attach(ctx, name);
  },
};
