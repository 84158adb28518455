// /lab-news and /lab-chat: two namespaces created with io.of(), each with its own middleware (auth: which lab,
// validated with zod; the lab must exist), its own handler and its own rooms. A socket joins its lab's room
// inside that namespace, so labs stay apart there too.
import { ChatSaySchema, LAB_NAMESPACES, NamespaceAuthSchema, NewsPublishSchema, type LabNamespace, type NamespaceReceipt } from '../contract/namespaces.ts';
import type { DemoSocket, Feature, FeatureContext } from '../feature.ts';
import { describeZodError } from '../handle.ts';
import { labRoom } from '../labs.ts';
import { TokenBucket } from '../rate-limit.ts';
import { requireLab } from './require-lab.ts';

/** The same per-socket rate limit as the main namespace (app.ts applies its own only to "/"). */
function limitRate(socket: DemoSocket, ctx: FeatureContext): void {
  const bucket = new TokenBucket(ctx.limits.eventsPerSecond, ctx.limits.eventBurst, ctx.clock);
  socket.use((packet, next) => {
    if (bucket.take()) return next();
    const ack = packet[packet.length - 1];
    const error = `Too many events: at most ${ctx.limits.eventsPerSecond} a second.`;
    if (typeof ack === 'function') ack({ ok: false, error });
  });
}

function attach(ctx: FeatureContext, name: LabNamespace): void {
  const nsp = ctx.io.of(name);
  // Namespace middleware: runs once per socket, when its CONNECT packet arrives. An error here becomes a
  // CONNECT_ERROR packet for this namespace only; the client's other namespaces are not affected.
  nsp.use((socket, next) => {
    const auth = NamespaceAuthSchema.safeParse(socket.handshake.auth);
    if (!auth.success) return next(new Error(`${name} needs { labId, name } in auth: ${describeZodError(auth.error)}`));
    if (!ctx.labs.get(auth.data.labId)) return next(new Error(`There is no lab "${auth.data.labId}".`));
    socket.data.labId = auth.data.labId;
    socket.data.name = auth.data.name;
    next();
  });
  nsp.on('connection', (socket: DemoSocket) => {
    limitRate(socket, ctx);
    void socket.join(labRoom(socket.data.labId!));
    const receipt = (): NamespaceReceipt => ({ nsp: name, recipients: nsp.adapter.rooms.get(labRoom(requireLab(socket)))?.size ?? 0 });
    if (name === '/lab-news') {
      ctx.on(socket, 'news:publish', NewsPublishSchema, ({ headline }, handler) => {
        const r = receipt();
        handler.afterAck(() => nsp.to(labRoom(requireLab(socket))).emit('news:headline', { headline, from: socket.data.name ?? '?' }));
        return r;
      });
    } else {
      ctx.on(socket, 'chat:say', ChatSaySchema, ({ text }, handler) => {
        const r = receipt();
        handler.afterAck(() => nsp.to(labRoom(requireLab(socket))).emit('chat:line', { text, from: socket.data.name ?? '?' }));
        return r;
      });
    }
  });
}

export const namespacesFeature: Feature = {
  name: 'namespaces',
  setup(ctx) {
    for (const name of LAB_NAMESPACES) attach(ctx, name);
  },
  connection() {
    // Nothing on "/": these namespaces have their own connection handlers (see setup).
  },
};
