// Draws the explorer's state: the graph, the membership table, the lines of code, the connection status; and
// folds new room memberships in (a snapshot or a delta), noting clients whose old socket left its rooms.
import type { RoomsDelta, RoomsSnapshot } from '../../contract/index.ts';
import { announceGoal } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import type { VirtualClient } from '../../lib/socket/virtual-clients.ts';
import { applyDelta, withOwn, withSnapshot } from './model.ts';
import { orderDelta, release, REORDER_MS, type Ordered } from './delta-order.ts';
import { readFireForm, showCode, syncTable } from './controls.ts';
import { listRooms } from './clients.ts';
import { clientOf, connected, EVENT, idOf, NAMES, type Explorer } from './explorer.ts';

export const formParams = (x: Explorer) => readFireForm(x.form, (name) => idOf(x, name));

export function render(x: Explorer): void {
  const own: Record<string, string> = {};
  for (const c of x.session?.clients ?? []) if (c.socket.connected && c.socket.id) own[c.socket.id] = c.name;
  x.state = withOwn(x.state, own);
  x.view.render(x.state, NAMES, connected(x));
  refreshTable(x);
  refreshCode(x);
}

export function refreshCode(x: Explorer): void {
  showCode(x.root, x.explain, formParams(x), EVENT);
}

function refreshTable(x: Explorer): void {
  syncTable(
    x.root,
    NAMES.map((name) => {
      const c = clientOf(x, name);
      const live = Boolean(c && c.connection.status === 'connected' && c.lab);
      const member = x.state.members.find((m) => c?.socket.id && m.id === c.socket.id);
      const socketId = c?.socket.connected && c.socket.id ? c.socket.id : undefined;
      return { name, status: c?.connection.status, live, socketId, rooms: (live && member?.rooms) || [] };
    }),
  );
}

export function showState(x: Explorer): void {
  if (!x.session) return;
  const live = connected(x);
  const n = Object.values(live).filter(Boolean).length;
  showConnectionStatus(x.ui, x.session.clients, n === NAMES.length, {
    live: `Live: ${n} real connections in lab ${x.session.labId()}.`,
    waiting: `Live: ${n} of ${NAMES.length} clients connected.`,
  });
  x.fireButton.disabled = n === 0;
  render(x);
}

export function setMembers(x: Explorer, snap: RoomsSnapshot): void {
  x.state = withSnapshot(x.state, snap);
  membersChanged(x);
}

/** A delta arrives: applied in version order, one that came before its predecessor waits up to REORDER_MS. */
export function onDelta(x: Explorer, client: VirtualClient, delta: RoomsDelta): void {
  applyOrdered(x, client, orderDelta(x.heldDeltas, x.state.version, delta));
}

function applyOrdered(x: Explorer, client: VirtualClient, { ready, held }: Ordered): void {
  x.heldDeltas = held;
  if (held.length === 0 && x.holdTimer !== undefined) {
    clearTimeout(x.holdTimer);
    x.holdTimer = undefined;
  } else if (held.length > 0 && x.holdTimer === undefined) {
    x.holdTimer = setTimeout(() => {
      x.holdTimer = undefined;
      applyOrdered(x, client, release(x.heldDeltas));
    }, REORDER_MS);
  }
  for (const d of ready) applyInOrder(x, client, d);
}

function applyInOrder(x: Explorer, client: VirtualClient, delta: RoomsDelta): void {
  const next = applyDelta(x.state, delta);
  x.state = next.state;
  if (next.resync && !x.resyncing) {
    // A gap (a missed delta) or too many changes to list: one fresh snapshot puts the page right.
    x.resyncing = true;
    void listRooms(client).then((res) => {
      x.resyncing = false;
      if (res.ok) setMembers(x, res.data);
    });
  }
  membersChanged(x);
}

function membersChanged(x: Explorer): void {
  for (const [oldId, info] of x.leaving) {
    if (x.state.members.some((m) => m.id === oldId)) continue;
    x.leaving.delete(oldId);
    const rooms = info.rooms.map((r) => `"${r}"`).join(' and ');
    x.ui.log(`${info.name}’s old socket is gone, and Socket.IO took it out of ${rooms} by itself.`, 'ok', {
      kind: 'auto-leave',
      client: info.name,
    });
    announceGoal('rooms:auto-leave');
  }
  render(x);
}
