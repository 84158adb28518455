// Mounts the namespaces widget: a real client in a lab on "/", plus sockets for /lab-news and /lab-chat, either
// multiplexed on the lab client's Manager (one Engine.IO connection) or each with forceNew (a connection each).
// Every packet on every watched connection is decoded and attributed to its namespace.
import type { LabNamespace } from '../../contract/index.ts';
import { frame, announceGoal } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, type ClientSocket, type LabSession } from '../../lib/socket/virtual-clients.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import { distinctSessions, emptyNs, packetOnWire, sidOf, wireSession, type NsState } from './model.ts';
import { createNamespacesView } from './view.ts';

type Mode = 'shared' | 'forceNew';
const LAB_NSPS: LabNamespace[] = ['/lab-news', '/lab-chat'];
/** The name this page asks for; the lab makes it unique ("Learner 2"), and only this page's own is shown as "You". */
const NAME = 'Learner';

export function mount(root: HTMLElement): void {
  const setup = setupLink(root);
  const ui = frame(root);
  const form = root.querySelector<HTMLFormElement>('form[data-ns-form]')!;
  const newsButton = root.querySelector<HTMLButtonElement>('[data-news]')!;
  const chatButton = root.querySelector<HTMLButtonElement>('[data-chat]')!;
  const view = createNamespacesView(
    root.querySelector<HTMLElement>('[data-wires]')!,
    root.querySelector<HTMLOListElement>('[data-rows]')!,
  );

  let state: NsState = emptyNs();
  let session: LabSession | undefined;
  let sockets: Partial<Record<LabNamespace, ClientSocket>> = {};
  let wireCounter = 0;
  let mode: Mode = setup.saved.mode === 'forceNew' ? 'forceNew' : 'shared';
  form.querySelector<HTMLInputElement>(`input[name="mode"][value="${mode}"]`)!.checked = true;

  const update = (next: NsState) => {
    state = next;
    view.render(state);
    const news = sidOf(state, '/lab-news');
    const chat = sidOf(state, '/lab-chat');
    root.dataset.mode = mode;
    root.dataset.newsSid = news ?? '';
    root.dataset.chatSid = chat ?? '';
    root.dataset.sessions = String(distinctSessions(state, LAB_NSPS));
  };

  /** Watches one Manager's current engine: every packet in and out becomes a row on that wire. A mode switch
   *  starts a new generation: wires are renumbered, and packets from connections being closed are ignored. */
  let generation = 0;
  const wireOf = new WeakMap<object, { id: number; gen: number }>();
  function watch(socket: ClientSocket, nsp: string) {
    const attach = () => {
      const engine = socket.io.engine;
      if (!engine) return;
      const known = wireOf.get(engine);
      if (known && known.gen === generation) return;
      const entry = { id: ++wireCounter, gen: generation };
      wireOf.set(engine, entry);
      // A connection already open (re-watched after a mode switch) has its sid already, and carries the
      // socket's namespace already: note both, since their packets went by before this generation.
      if (engine.id) update(wireSession(state, entry.id, engine.id, socket.connected ? [nsp] : []));
      if (known) return; // its listeners are attached already and read wireOf when a packet comes
      const on = (dir: 'in' | 'out') => (p: { type: string; data?: unknown }) => {
        const w = wireOf.get(engine)!;
        if (w.gen === generation) update(packetOnWire(state, w.id, dir, p));
      };
      engine.on('packet', on('in'));
      engine.on('packetCreate', on('out'));
    };
    attach();
    socket.io.on('open', attach);
  }

  const ready = () => LAB_NSPS.every((n) => sockets[n]?.connected);
  const refresh = () => {
    const inLab = Boolean(session?.clients[0]?.lab);
    newsButton.disabled = chatButton.disabled = !(inLab && ready());
    const shown = showConnectionStatus(ui, session?.clients.slice(0, 1) ?? [], inLab && ready(), {
      live: () =>
        `Live: /lab-news and /lab-chat ${mode === 'shared' ? 'share one connection' : 'each have their own connection'} (lab ${session!.labId()}).`,
      waiting: 'Connecting the namespaces…',
    });
    if (shown === 'connected') {
      const n = distinctSessions(state, LAB_NSPS);
      if (mode === 'shared' && n === 1) announceGoal('ns:shared');
      if (mode === 'forceNew' && n === 2) announceGoal('ns:forcenew');
    }
  };

  function closeNamespaces() {
    for (const s of Object.values(sockets)) s?.close();
    sockets = {};
  }

  let current = { labId: '', name: NAME };
  function openNamespaces() {
    closeNamespaces();
    const lab = session?.clients[0];
    const labId = session?.labId();
    if (!lab || !labId) return;
    const myName = lab.lab?.name ?? NAME;
    root.dataset.labName = myName;
    const who = (from: string) => (from === myName ? 'You' : from);
    // This page's own name in the lab, so other pages of a shared lab can tell who spoke. A function, read at every
    // CONNECT: Manager.socket() hands back the Socket it made first, with the auth it was made with, so a plain
    // object would send a stale lab id after a restart or a new lab.
    current = { labId, name: myName };
    const auth = (cb: (data: object) => void) => cb(current);
    for (const nsp of LAB_NSPS) {
      // Shared: the lab client's own Manager makes the socket, so it rides the same Engine.IO connection.
      // forceNew: a new Manager, so a new Engine.IO connection with its own sid.
      const s = mode === 'shared' ? (lab.socket.io.socket(nsp, { auth }) as ClientSocket) : forceNewSocket(nsp, auth);
      // Manager.socket() hands back the same Socket object for a namespace it already knows: drop old listeners.
      s.off();
      sockets[nsp] = s;
      if (mode === 'forceNew') watch(s, nsp);
      s.on('connect', () => {
        ui.log(
          `${nsp} connected (socket id ${s.id}) over ${mode === 'shared' ? 'the shared connection' : 'its own connection'}.`,
          'ok',
          { kind: 'ns-connect', nsp },
        );
        refresh();
      });
      s.on('connect_error', (err) => ui.log(`${nsp} refused: ${err.message}`, 'bad', { kind: 'ns-error', nsp }));
      s.on('disconnect', (reason) => {
        ui.log(`${nsp} disconnected (${reason}).`, 'bad', { kind: 'ns-disconnect', nsp });
        refresh();
      });
    }
    sockets['/lab-news']!.on('news:headline', (n) =>
      ui.log(`/lab-news: headline “${n.headline}” from ${who(n.from)}.`, 'info', { kind: 'headline' }),
    );
    sockets['/lab-chat']!.on('chat:line', (l) =>
      ui.log(`/lab-chat: ${who(l.from)} says “${l.text}”.`, 'info', { kind: 'chat-line' }),
    );
  }

  let ioFn: typeof import('socket.io-client').io | undefined;
  function forceNewSocket(nsp: string, auth: (cb: (data: object) => void) => void): ClientSocket {
    const s = ioFn!(nsp, { forceNew: true, autoConnect: false, auth }) as ClientSocket;
    s.connect(); // creates this Manager's engine now, so watch() sees its very first packet
    return s;
  }

  async function start(labId?: string) {
    session?.close();
    ioFn = (await import('socket.io-client')).io;
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'namespaces',
      widgetId: root.id,
      names: [NAME],
      labId,
      onConnection: () => refresh(),
      onLab: () => {
        ui.showLab(session?.labId(), () => void start());
        openNamespaces();
        refresh();
      },
      onError: (m) => ui.log(m, 'bad'),
    });
    const labSocket = session.clients[0]!.socket;
    watch(labSocket, '/');
    // When the lab connection drops, the namespace sockets must not reconnect by themselves: they would claim the
    // name from before (after a restart the lab hands names out again, and another page may get that one). They
    // reopen once the lab has said this page's name again (onLab). A microtask, so each has logged its own
    // disconnect first.
    labSocket.on('disconnect', () =>
      queueMicrotask(() => {
        closeNamespaces();
        refresh();
      }),
    );
  }

  const text = () => String(new FormData(form).get('text') ?? '').trim() || 'hello';
  newsButton.addEventListener('click', async () => {
    const s = sockets['/lab-news'];
    if (!s) return;
    const res = await request(s, 'news:publish', { headline: text() });
    if (!res.ok) ui.log(`/lab-news refused it: ${res.error}`, 'bad');
  });
  chatButton.addEventListener('click', async () => {
    const s = sockets['/lab-chat'];
    if (!s) return;
    const res = await request(s, 'chat:say', { text: text() });
    if (!res.ok) ui.log(`/lab-chat refused it: ${res.error}`, 'bad');
  });
  form.addEventListener('change', (event) => {
    if ((event.target as HTMLInputElement).name !== 'mode') return; // the text box changes nothing here
    mode = new FormData(form).get('mode') === 'forceNew' ? 'forceNew' : 'shared';
    setup.save({ mode });
    state = emptyNs();
    root.querySelector('[data-rows]')!.replaceChildren();
    root.querySelector('[data-wires]')!.replaceChildren();
    update(state);
    // Re-watch the lab client's connection under a fresh number, then open the namespaces again.
    generation++;
    wireCounter = 0;
    const lab = session?.clients[0];
    if (lab) watch(lab.socket, '/');
    openNamespaces();
    refresh();
  });
  form.addEventListener('submit', (e) => e.preventDefault());

  void start(labFromUrl(root.id));
}
