// emit:send — the "Emitting events" lesson. The server really performs the Socket.IO call the learner
// chose, scoped to the learner's lab, after acknowledging receipt to the sender.
import { randomUUID } from 'node:crypto';
import type { EmitMessage, EmitVariant } from '../../src/contract/index.ts';
import { emitSchemas } from '../schemas/emit.ts';
import type { DemoSocket, Feature, FeatureContext } from '../feature.ts';
import { labRoom } from '../labs.ts';
import { requireLab } from './require-lab.ts';

/** Who the chosen variant reaches, by name: what the receipt tells the sender before the fan-out. */
function recipientNames(ctx: FeatureContext, socket: DemoSocket, labId: string, variant: EmitVariant): string[] {
  const members = ctx.labs.get(labId)?.members ?? new Map<string, string>();
  switch (variant) {
    case 'server':
      return [];
    case 'reply':
      return [members.get(socket.id) ?? '?'];
    case 'all':
      return [...members.values()];
    case 'others':
      return [...members.entries()].filter(([id]) => id !== socket.id).map(([, name]) => name);
  }
}

function fanOut(ctx: FeatureContext, socket: DemoSocket, labId: string, message: EmitMessage): void {
  const room = labRoom(labId);
  switch (message.variant) {
    case 'server':
      return; // the server keeps it: nothing goes back out
    case 'reply':
      socket.emit('emit:message', message); // socket.emit: this one client
      return;
    case 'all':
      ctx.io.to(room).emit('emit:message', message); // io.emit, scoped to the lab's room
      return;
    case 'others':
      socket.to(room).emit('emit:message', message); // socket.broadcast.emit, scoped: everyone but the sender
      return;
  }
}

export const emitFeature: Feature = {
  name: 'emit',
  events: (ctx) => ({
    'emit:send': {
      schema: emitSchemas(ctx.limits).send,
      async fn(socket, { variant, text, ref }, handler) {
        const labId = requireLab(socket);
        const receivedAt = ctx.clock.now();
        const id = randomUUID().slice(0, 8);
        const recipients = recipientNames(ctx, socket, labId, variant);
        await ctx.deliveries.take(labId, recipients.length);
        handler.afterAck(() =>
          fanOut(ctx, socket, labId, {
            id,
            ref,
            from: socket.data.name ?? '?',
            fromSocket: socket.id,
            variant,
            text,
            sentAt: ctx.clock.now(),
          }),
        );
        return { id, receivedAt, recipients };
      },
    },
  }),
};
