// Live stream events, each offset at most once per socket when a replay from another node meets them. A client
// subscribing on a node that does not run its lab's stream joins the stream's room, then is replayed the shared
// log up to its last event. An event already logged but still on its way between nodes would then come twice:
// replayed, and live a moment later (or live first, while the log was being read).
// - Live after the replay: every live event is sent `except` a room named after its number, and the socket
//   joins the rooms of the newest events it was replayed for a while. Rooms span nodes, so the node delivering
//   the event skips that socket, and connection state recovery skips it too (it keeps the `except` with the
//   packet). All public Socket.IO API; the stream's numbers are per lab and only grow.
// - Live before the replay: the socket's outgoing events are watched while the replay is read, and what went
//   out live is left out of the replay.
import type { StreamEvent } from '../../src/contract/index.ts';
import { after, type Clock } from '../clock.ts';
import type { DemoServer, DemoSocket } from '../feature.ts';

/** The room of a lab's stream subscribers (a socket joins it only after any replay is under way). */
export const streamRoom = (labId: string) => `missed-stream:${labId}`;

/** A socket in this room has event `seq` of the lab already (from a replay): its live copy skips it. */
export const replayedRoom = (labId: string, seq: number) => `missed-replayed:${labId}:${seq}`;

/** How long a replayed event's room is kept: far longer than an event takes between two nodes on one Redis. */
export const REPLAYED_HOLD_MS = 5000;

/** Sends a live event to the lab's subscribers on every server given, except sockets that were replayed it. */
export function sendLive(servers: DemoServer[], labId: string, event: StreamEvent): void {
  const room = streamRoom(labId);
  for (const io of servers) io.to(room).except(replayedRoom(labId, event.seq)).emit('missed:event', event);
}

/**
 * Marks the newest `seqs` as the socket's already, for REPLAYED_HOLD_MS. Only the newest can still be in flight:
 * `max` is how many events a stream sends in that time at most, which also bounds the rooms per socket.
 */
export function markReplayed(socket: DemoSocket, labId: string, seqs: number[], max: number, clock: Clock): void {
  const rooms = seqs.slice(-max).map((seq) => replayedRoom(labId, seq));
  if (rooms.length === 0) return;
  void socket.join(rooms);
  after(clock, REPLAYED_HOLD_MS, () => {
    for (const room of rooms) void socket.leave(room);
  });
}

/** Records the numbers of live stream events the socket is sent until stop() (it goes on receiving them). */
export function watchLive(socket: DemoSocket): { seen: Set<number>; stop(): void } {
  const seen = new Set<number>();
  const listener = (event: string, payload?: Partial<StreamEvent>) => {
    if (event === 'missed:event' && payload && !payload.replayed && typeof payload.seq === 'number') {
      seen.add(payload.seq);
    }
  };
  socket.onAnyOutgoing(listener as never);
  return { seen, stop: () => socket.offAnyOutgoing(listener as never) };
}
