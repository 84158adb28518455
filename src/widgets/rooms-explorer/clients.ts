// The explorer's socket conversation: joining and leaving rooms, listing them, and asking the sender's socket to
// run one emit variant. No DOM: widget.ts feeds what comes back to the model and the view.
import type { CheatsheetVariantId, RoomsSnapshot } from '../../contract/index.ts';
import { request, type VirtualClient } from '../../lib/socket/virtual-clients.ts';
import type { paramsFor } from './model.ts';

type Params = ReturnType<typeof paramsFor>;

/** socket.join / socket.leave on the server, for this client. */
export function setRoom(client: VirtualClient, room: string, join: boolean) {
  return request(client.socket, join ? 'rooms:join' : 'rooms:leave', { room });
}

export function listRooms(client: VirtualClient) {
  return request(client.socket, 'rooms:list', {});
}

/** Puts a client into its starting rooms, one join at a time, reporting each new snapshot. */
export async function joinRooms(
  client: VirtualClient,
  rooms: readonly string[],
  onSnapshot: (s: RoomsSnapshot) => void,
) {
  for (const room of rooms) {
    const res = await request(client.socket, 'rooms:join', { room });
    if (res.ok) onSnapshot(res.data);
  }
}

export type FireOutcome = { ok: false; error: string } | { ok: true; snapshot?: RoomsSnapshot };

/**
 * Asks `client`'s socket to run the variant, then makes one round trip per live client: events on one connection
 * arrive in order, so after every answer nothing is still on its way. `onRan` hears the server's scoped code first.
 */
export async function fireAndSettle(
  client: VirtualClient,
  clients: readonly VirtualClient[],
  fire: { ref: string; variant: string; params: Params },
  onRan: (scopedCode: string) => void,
): Promise<FireOutcome> {
  const { ref, variant, params } = fire;
  const res = await request(client.socket, 'rooms:emit', { variant: variant as CheatsheetVariantId, ...params, ref });
  if (!res.ok) return { ok: false, error: res.error };
  onRan(res.data.scopedCode);
  const live = clients.filter((c) => c.socket.connected && c.lab);
  const lists = await Promise.all(live.map((c) => request(c.socket, 'rooms:list', {})));
  const latest = lists.find((l) => l.ok);
  return { ok: true, snapshot: latest?.ok ? latest.data : undefined };
}
