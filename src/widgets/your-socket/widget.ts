// Mounts "Your socket": one real connection ("You") plus the clients the learner adds, all in one lab. The server
// reports every connection's 4-tuple (the page cannot read its own port) and pushes the list when it changes.
import type { LabSockets } from '../../contract/index.ts';
import { frame, announceGoal } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { prefersReducedMotion } from '../../lib/widget/island.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, type LabSession, type VirtualClient } from '../../lib/socket/virtual-clients.ts';
import {
  allTuplesDistinct,
  describeJoin,
  describeLeave,
  describeTuple,
  diffLab,
  formatEndpoint,
  toGraph,
} from './model.ts';
import { createSocketView } from './view.ts';

const KIND = 'your-socket';
const MAX_EXTRA = 4;
/**
 * A random token for this page load, sent in every client's handshake: the server shows full addresses only for
 * connections with the same token (this page's own), never another tab's or learner's.
 */
const PAGE_TOKEN = Array.from(crypto.getRandomValues(new Uint8Array(18)), (b) => (b % 36).toString(36)).join('');
/** One WebSocket per client keeps one TCP connection per client, so its 4-tuple stays put (polling may use several). */
const SOCKET_OPTIONS = { transports: ['websocket'], auth: { page: PAGE_TOKEN } };

export function mount(root: HTMLElement): void {
  const ui = frame(root);
  // The log scrolls once it fills up; a scrollable region must be reachable from the keyboard (WidgetFrame leaves it out).
  root.querySelector<HTMLElement>('[data-log]')!.tabIndex = 0;
  const addButton = root.querySelector<HTMLButtonElement>('[data-add]')!;
  const removeButton = root.querySelector<HTMLButtonElement>('[data-remove]')!;
  const mineBox = root.querySelector<HTMLElement>('[data-mine-tuple]')!;
  const tableBody = root.querySelector<HTMLTableSectionElement>('[data-tuples]')!;
  const view = createSocketView(root.querySelector<HTMLElement>('[data-graph]')!, {
    reducedMotion: prefersReducedMotion,
  });

  let session: LabSession | undefined;
  let extras: LabSession[] = [];
  let list: LabSockets | undefined;
  let nextNumber = 2;

  const myIds = () =>
    [session?.clients[0], ...extras.map((e) => e.clients[0])]
      .map((c) => c?.socket.id)
      .filter((id): id is string => Boolean(id));

  const controls = () => {
    const ready = Boolean(session?.clients[0]?.lab);
    addButton.disabled = !ready || extras.length >= MAX_EXTRA;
    removeButton.disabled = extras.length === 0;
    root.dataset.extras = String(extras.length);
  };

  function render() {
    if (!list) return;
    const graph = toGraph(list, myIds());
    view.render(graph);
    root.dataset.connections = String(graph.rows.length);
    root.dataset.listeningPort = String(graph.listening.port);
    tableBody.replaceChildren(
      ...graph.rows.map((row) => {
        const tr = document.createElement('tr');
        tr.dataset.name = row.name;
        tr.dataset.port = String(row.client.port);
        tr.dataset.mine = String(row.mine);
        for (const text of [
          row.mine ? row.name : `${row.name} (other tab)`,
          formatEndpoint(row.client),
          formatEndpoint(row.server),
          row.transport,
        ]) {
          const td = document.createElement('td');
          td.textContent = text;
          tr.append(td);
        }
        return tr;
      }),
    );
    const mine = graph.rows.filter((r) => r.mine);
    if (mine.length >= 2 && allTuplesDistinct(mine)) announceGoal('sockets:ports');
    if (graph.rows.some((r) => !r.mine)) announceGoal('sockets:shared');
  }

  function receive(next: LabSockets) {
    const change = diffLab(list, next);
    const mine = new Set(myIds());
    if (list) {
      for (const c of change.joined)
        ui.log(describeJoin(c, mine.has(c.socketId)), 'ok', { kind: 'joined', name: c.name });
      for (const c of change.left) ui.log(describeLeave(c), 'info', { kind: 'left', name: c.name });
    }
    list = next;
    render();
  }

  async function showMine(you: VirtualClient) {
    const info = await request(you.socket, 'conn:info', {});
    if (!info.ok) return ui.log(info.error, 'bad');
    mineBox.textContent = `${describeTuple(info.data)}, over ${info.data.transport === 'websocket' ? 'a WebSocket' : info.data.transport}`;
    root.dataset.myPort = String(info.data.client.port);
    ui.log(
      `The server says your connection is ${describeTuple(info.data)}. Port ${info.data.client.port} was picked by your computer for this connection alone.`,
      'info',
      { kind: 'mine' },
    );
  }

  async function watch(you: VirtualClient) {
    const res = await request(you.socket, 'sockets:watch', {});
    if (!res.ok) return ui.log(res.error, 'bad');
    receive(res.data);
  }

  const status = () => {
    const you = session?.clients[0];
    if (!you) return;
    showConnectionStatus(ui, [you], Boolean(you.lab) && you.connection.status === 'connected', {
      live: () => `Live: ${1 + extras.length} of your connections in lab ${session?.labId()}.`,
      waiting: describeConnection('You', you.connection),
    });
    controls();
  };

  async function start(labId?: string) {
    for (const e of extras) e.close();
    extras = [];
    session?.close();
    list = undefined;
    nextNumber = 2;
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: KIND,
      widgetId: root.id,
      names: ['You'],
      labId,
      socketOptions: SOCKET_OPTIONS,
      onConnection: status,
      onLab: () => {
        ui.showLab(session?.labId(), () => void start());
        status();
        const you = session!.clients[0]!;
        void showMine(you);
        void watch(you);
      },
      onError: (message) => ui.log(message, 'bad'),
    });
    session.clients[0]!.socket.on('sockets:lab', receive);
  }

  async function addClient() {
    const labId = session?.labId();
    if (!labId || extras.length >= MAX_EXTRA) return;
    const name = `Client ${nextNumber++}`;
    ui.log(`Opening ${name}: a new WebSocket, so a new TCP connection…`, 'info', { kind: 'adding' });
    const extra = await openLabSession({
      kind: KIND,
      widgetId: root.id,
      names: [name],
      labId,
      socketOptions: SOCKET_OPTIONS,
      onError: (m) => ui.log(m, 'bad'),
    });
    extras.push(extra);
    controls();
    status();
  }

  function removeClient() {
    const extra = extras.pop();
    if (!extra) return;
    extra.close();
    const hadFocus = document.activeElement === removeButton;
    controls();
    // The last one gone, this button is disabled and focus would fall to <body>: move it to its neighbour.
    if (hadFocus && removeButton.disabled) addButton.focus();
    status();
  }

  addButton.addEventListener('click', () => void addClient());
  removeButton.addEventListener('click', removeClient);
  addEventListener('resize', () => render());
  void start(labFromUrl(root.id));
}
