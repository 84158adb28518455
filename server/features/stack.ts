// stack:echo: acknowledges the learner's emit with what the server really received, including the raw
// Socket.IO packet text read from Engine.IO's "packet" event (it fires before Socket.IO decodes the packet).
import { StackEchoSchema, type StackEcho } from '../contract/stack.ts';
import type { Feature } from '../feature.ts';
import { requireLab } from './require-lab.ts';

const EVENT = 'stack:echo';
/** How many recent raw packets to remember per socket: enough to find ours, small enough not to matter. */
const KEEP = 4;

export const stackFeature: Feature = {
  name: 'stack',
  connection(socket, ctx) {
    const recent: string[] = [];
    socket.conn.on('packet', (packet: { type: string; data?: unknown }) => {
      if (packet.type !== 'message' || typeof packet.data !== 'string') return;
      if (!packet.data.startsWith('2') || !packet.data.includes(`"${EVENT}"`)) return;
      recent.push(packet.data);
      if (recent.length > KEEP) recent.shift();
    });
    ctx.on(socket, EVENT, StackEchoSchema, ({ text }): StackEcho => {
      requireLab(socket);
      // The newest raw packet whose JSON carries this exact text is the one that ran this handler.
      const needle = JSON.stringify(text);
      const packet = [...recent].reverse().find((p) => p.includes(needle));
      return { event: EVENT, text, packet, transport: socket.conn.transport.name, receivedAt: ctx.clock.now() };
    });
  },
};
