// Mounts the two-node lab: four real clients in one lab, Ana and Ben on node A's path, Cai and Dee on node B's.
// The learner switches the lab's adapter on and off, broadcasts from either node and sees whose socket really got
// it, asks node A for fetchSockets() and serverSideEmit(), and runs a polling session through the router with
// and without sticky routing, reading the real HTTP answers.
import {
  NODE_PATHS,
  TWO_NODES_MISS_WINDOW_MS,
  TWO_NODES_NODE_HEADER,
  TWO_NODES_ROUTER_PATH,
  type NodeName,
} from '../../contract/index.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { announceGoal, frame } from '../../lib/widget/widget-frame.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, type LabSession, type VirtualClient } from '../../lib/socket/virtual-clients.ts';
import {
  broadcastSent,
  describeBroadcast,
  describeCount,
  describePing,
  describePoll,
  emptyModel,
  messageArrived,
  namesWith,
  pollsWorked,
  settle,
  unknownSession,
  withCount,
  withMode,
  withPing,
  withPolls,
  type PollStep,
  type TwoClient,
  type TwoNodesModel,
} from './model.ts';
import { createTwoNodesView } from './view.ts';

const CLIENTS: TwoClient[] = [
  { name: 'Ana', node: 'a' },
  { name: 'Ben', node: 'a' },
  { name: 'Cai', node: 'b' },
  { name: 'Dee', node: 'b' },
];

export function mount(root: HTMLElement): void {
  const setup = setupLink(root);
  const ui = frame(root);
  const buttons = [...root.querySelectorAll<HTMLButtonElement>('button[data-action]')];
  const summary = root.querySelector<HTMLElement>('[data-summary]')!;
  const answers = root.querySelector<HTMLElement>('[data-answers]')!;
  const pollList = root.querySelector<HTMLOListElement>('[data-polls]')!;
  const view = createTwoNodesView(root.querySelector<SVGSVGElement>('svg[data-nodes]')!);
  let model = emptyModel(CLIENTS);
  let session: LabSession | undefined;

  const update = (next: TwoNodesModel) => {
    model = next;
    view.render(model);
    root.dataset.adapter = model.mode.adapter ? 'on' : 'off';
    root.dataset.adapterKind = model.mode.adapterKind;
    root.dataset.sticky = model.mode.sticky ? 'on' : 'off';
    // Another page of a shared lab may switch the mode: the radios follow the lab.
    for (const [name, on] of [
      ['adapter', model.mode.adapter],
      ['sticky', model.mode.sticky],
    ] as const) {
      root.querySelector<HTMLInputElement>(`[name="${name}"][value="${on ? 'on' : 'off'}"]`)!.checked = true;
    }
    for (const el of root.querySelectorAll<HTMLElement>('[data-adapter-name]')) {
      el.textContent =
        model.mode.adapterKind === 'redis-streams' ? 'the Redis Streams adapter' : 'an in-process adapter';
    }
    const b = model.last;
    if (b) {
      root.dataset.seq = String(b.seq);
      root.dataset.received = namesWith(b, 'received').join(' ');
      root.dataset.missed = namesWith(b, 'missed').join(' ');
      root.dataset.settled = String(namesWith(b, 'waiting').length === 0);
      summary.textContent = describeBroadcast(b);
    }
  };

  const client = (name: string) => session?.byName(name);
  const ready = () => Boolean(session?.clients.every((c) => c.lab && c.socket.connected));
  const refresh = () => {
    const ok = ready();
    for (const b of buttons) b.disabled = !ok;
    showConnectionStatus(ui, session?.clients ?? [], ok, {
      live: () => `Live: 2 clients on node A, 2 on node B (lab ${session!.labId()}).`,
      waiting: 'Connecting the four clients to node A and node B…',
    });
  };

  async function setMode(change: { adapter?: boolean; sticky?: boolean }) {
    const c = client('Ana');
    if (!c) return;
    const res = await request(c.socket, 'two:mode', change);
    if (!res.ok) return ui.log(`The lab refused the switch: ${res.error}`, 'bad');
    update(withMode(model, res.data));
  }

  async function broadcast(from: string) {
    const c = client(from);
    if (!c) return;
    const res = await request(c.socket, 'two:broadcast', {});
    if (!res.ok) return ui.log(`${from}'s node refused the broadcast: ${res.error}`, 'bad');
    update(broadcastSent(model, from, res.data));
    const { seq, viaAdapter } = res.data;
    setTimeout(() => {
      update(settle(model, seq));
      const b = model.last;
      if (!b || b.seq !== seq) return;
      const missed = namesWith(b, 'missed');
      ui.log(describeBroadcast(b), missed.length ? 'bad' : 'ok', { kind: 'broadcast', seq: String(seq) });
      if (!viaAdapter && missed.length) announceGoal('scale:missed');
      if (viaAdapter && !missed.length) announceGoal('scale:all');
    }, TWO_NODES_MISS_WINDOW_MS);
  }

  async function count() {
    const c = client('Ana');
    if (!c) return;
    const res = await request(c.socket, 'two:count', {});
    if (!res.ok) return ui.log(`fetchSockets() failed: ${res.error}`, 'bad');
    update(withCount(model, res.data));
    root.dataset.countTotal = String(res.data.total);
    answers.textContent = describeCount(res.data);
    ui.log(describeCount(res.data), 'info', { kind: 'count' });
    if (res.data.viaAdapter && res.data.byNode.b > 0) announceGoal('scale:count');
  }

  async function ping() {
    const c = client('Ana');
    if (!c) return;
    const res = await request(c.socket, 'two:ping', {});
    if (!res.ok) return ui.log(`serverSideEmit() failed: ${res.error}`, 'bad');
    update(withPing(model, res.data));
    root.dataset.pingReplies = String(res.data.replies.length);
    answers.textContent = describePing(res.data);
    ui.log(describePing(res.data), 'info', { kind: 'ping' });
  }

  /** A real Engine.IO polling session by hand: handshake, CONNECT, then a poll, each through the router. */
  async function poll() {
    const labId = session?.labId();
    if (!labId) return;
    const steps: PollStep[] = [];
    const show = () => {
      update(withPolls(model, [...steps]));
      pollList.replaceChildren(
        ...steps.map((s) => {
          const li = document.createElement('li');
          li.dataset.status = String(s.status);
          li.dataset.node = s.node;
          li.textContent = describePoll(s); // text: the body is the server's, shown as it came
          return li;
        }),
      );
      root.dataset.polls = steps.map((s) => s.status).join(' ');
    };
    const send = async (what: string, method: 'GET' | 'POST', sid?: string, body?: string) => {
      const q = new URLSearchParams({ lab: labId, EIO: '4', transport: 'polling', ...(sid ? { sid } : {}) });
      try {
        const res = await fetch(`${TWO_NODES_ROUTER_PATH}?${q}`, {
          method,
          ...(body ? { body, headers: { 'content-type': 'text/plain;charset=UTF-8' } } : {}),
        });
        const step = { what, node: res.headers.get(TWO_NODES_NODE_HEADER) ?? '?', status: res.status };
        steps.push({ ...step, body: (await res.text()).slice(0, 200) });
      } catch {
        steps.push({ what, node: '?', status: 0, body: 'no answer (the demo server is away)' });
      }
      show();
      return steps.at(-1)!;
    };
    root.dataset.polls = '';
    const hello = await send('GET handshake', 'GET');
    const sid = hello.status === 200 ? sidOf(hello.body) : undefined;
    if (sid) {
      const connect = await send(`POST "40" (sid ${sid})`, 'POST', sid, '40');
      if (connect.status === 200) await send(`GET poll (sid ${sid})`, 'GET', sid);
    }
    const sticky = model.mode.sticky;
    const verdict = pollsWorked(steps)
      ? `Polling worked: every request of session ${sid} reached the node that made it.`
      : unknownSession(steps)
        ? 'The second request reached the other node, which has never heard of this session: 400 Session ID unknown.'
        : 'The polling session failed.';
    ui.log(verdict, pollsWorked(steps) ? 'ok' : 'bad', { kind: 'poll' });
    if (unknownSession(steps)) announceGoal('scale:unknown-sid');
    if (sticky && pollsWorked(steps)) announceGoal('scale:sticky');
  }

  function listen(c: VirtualClient) {
    c.socket.on('two:message', (msg) => update(messageArrived(model, c.name, msg)));
    c.socket.on('two:state', (state) => update(withMode(model, state)));
  }

  async function start(labId?: string) {
    session?.close();
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'two-nodes',
      widgetId: root.id,
      names: CLIENTS.map((c) => c.name),
      labId,
      socketOptionsFor: (i) => ({ path: NODE_PATHS[CLIENTS[i]!.node as NodeName] }),
      onConnection: () => refresh(),
      onLab: () => {
        ui.showLab(session?.labId(), () => void start());
        refresh();
        if (ready()) void applySaved();
      },
      onError: (m) => ui.log(m, 'bad'),
    });
    for (const c of session.clients) listen(c);
  }

  /** Once the lab is ready: the settings of a setup link, if any; otherwise just the lab's current mode. */
  let applied = false;
  async function applySaved() {
    if (applied) return;
    applied = true;
    const change: { adapter?: boolean; sticky?: boolean } = {};
    if (setup.saved.adapter === 'on' || setup.saved.adapter === 'off') change.adapter = setup.saved.adapter === 'on';
    if (setup.saved.sticky === 'on' || setup.saved.sticky === 'off') change.sticky = setup.saved.sticky === 'on';
    await setMode(change);
  }

  const radio = (name: string) => root.querySelector<HTMLInputElement>(`input[name="${name}"]:checked`)?.value ?? 'off';
  root.addEventListener('change', (event) => {
    const name = (event.target as HTMLInputElement).name;
    if (name !== 'adapter' && name !== 'sticky') return;
    setup.save({ adapter: radio('adapter'), sticky: radio('sticky') });
    void setMode({ [name]: radio(name) === 'on' });
  });
  for (const f of root.querySelectorAll('form')) f.addEventListener('submit', (e) => e.preventDefault());
  for (const b of buttons) {
    b.addEventListener('click', () => {
      const action = b.dataset.action;
      if (action === 'broadcast') void broadcast(b.dataset.from!);
      if (action === 'count') void count();
      if (action === 'ping') void ping();
      if (action === 'poll') void poll();
    });
  }
  update(model);
  void start(labFromUrl(root.id));
}

function sidOf(handshake: string): string | undefined {
  try {
    const open = JSON.parse(handshake.slice(1)) as { sid?: unknown };
    return typeof open.sid === 'string' ? open.sid : undefined;
  } catch {
    return undefined;
  }
}
