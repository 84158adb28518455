// stack:echo: acknowledges the learner's emit with what the server really received, including the raw
// Socket.IO packet text read from Engine.IO's "packet" event (it fires before Socket.IO decodes the packet).
import type { StackEcho } from '../../src/contract/index.ts';
import type { Feature } from '../feature.ts';
import { stackSchemas } from '../schemas/stack.ts';
import { requireLab } from './require-lab.ts';

const EVENT = 'stack:echo';
/** How many recent raw packets to remember per socket: enough to find ours, small enough not to matter. */
const KEEP = 4;

/** Recent stack:echo packets per Engine.IO connection, filled by one listener function all connections share. */
const recentPackets = new WeakMap<object, string[]>();

function capture(this: object, packet: { type: string; data?: unknown }): void {
  if (packet.type !== 'message' || typeof packet.data !== 'string') return;
  if (!packet.data.startsWith('2') || !packet.data.includes(`"${EVENT}"`)) return;
  let recent = recentPackets.get(this);
  if (!recent) recentPackets.set(this, (recent = []));
  recent.push(packet.data);
  if (recent.length > KEEP) recent.shift();
}

export const stackFeature: Feature = {
  name: 'stack',
  // Packets are watched from the moment a socket enters a lab (stack:echo needs one), with one shared listener.
  entered(socket) {
    socket.conn.on('packet', capture);
  },
  events: (ctx) => ({
    [EVENT]: {
      schema: stackSchemas(ctx.limits).echo,
      fn(socket, { text }): StackEcho {
        requireLab(socket);
        const recent = recentPackets.get(socket.conn) ?? [];
        // The newest raw packet whose JSON carries this exact text is the one that ran this handler.
        const needle = JSON.stringify(text);
        const packet = [...recent].reverse().find((p) => p.includes(needle));
        return { event: EVENT, text, packet, transport: socket.conn.transport.name, receivedAt: ctx.clock.now() };
      },
    },
  }),
};
