// The explorer's lab: opens the four clients' session (a share link's lab, the class's, or a new one), puts
// each client into its starting rooms once, keeps one snapshot per socket, and records what arrives.
import type { RoomMessage } from '../../contract/index.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { openLabSession, type VirtualClient } from '../../lib/socket/virtual-clients.ts';
import { arrived, emptyExplorer } from './model.ts';
import { joinRooms, listRooms } from './clients.ts';
import { NAMES, PRESET, type Explorer } from './explorer.ts';
import { onDelta, render, setMembers, showState } from './render.ts';

export async function start(x: Explorer, labId?: string): Promise<void> {
  x.session?.close();
  x.preset.clear();
  x.state = emptyExplorer();
  x.ui.setState('loading', 'Connecting…');
  x.session = await openLabSession({
    kind: 'rooms-explorer',
    widgetId: x.root.id,
    names: NAMES,
    labId,
    onConnection: (client) => {
      showState(x);
      if (client.connection.status !== 'reconnecting') return;
      x.ui.log(describeConnection(client.name, client.connection), 'bad');
    },
    onLab: () => {
      x.ui.showLab(x.session?.labId(), () => void start(x));
      for (const c of x.session?.clients ?? []) void presetRooms(x, c);
      showState(x);
      for (const c of x.session?.clients ?? []) {
        if (!c.lab || !c.socket.connected || !c.socket.id || x.watching.has(c.socket.id)) continue;
        x.watching.add(c.socket.id); // a new socket (a reconnect) asks again: it starts at a snapshot
        void listRooms(c).then((res) => res.ok && setMembers(x, res.data));
      }
    },
    onError: (message) => x.ui.log(message, 'bad'),
  });
  for (const client of x.session.clients) {
    client.socket.on('rooms:delta', (delta) => onDelta(x, client, delta));
    client.socket.on('rooms:message', (m) => onMessage(x, client, m));
  }
}

async function presetRooms(x: Explorer, client: VirtualClient): Promise<void> {
  if (x.preset.has(client.name) || !client.lab) return;
  x.preset.add(client.name);
  await joinRooms(client, PRESET[client.name] ?? [], (snap) => setMembers(x, snap));
}

function onMessage(x: Explorer, client: VirtualClient, m: RoomMessage): void {
  if (x.state.fire?.ref === m.ref) {
    x.state = arrived(x.state, m.ref, client.socket.id ?? '');
    x.ui.log(`${client.name} received it.`, 'info', { kind: 'received', client: client.name, ref: m.ref });
    render(x);
  } else {
    x.ui.log(`${client.name} received ${m.variant} from ${m.from} (another page in this lab).`, 'info', {
      kind: 'received-other',
      client: client.name,
    });
  }
}
