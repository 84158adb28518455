// Mounts the rooms explorer: four virtual clients in a lab; checkboxes make the server join/leave rooms; Fire asks
// the sender's socket to run one cheatsheet variant; every arrival is recorded per real socket, and once each
// client has answered a round trip (so nothing more can be on its way) the result is compared with recipients().
import type { RoomFireReceipt, RoomMessage, RoomsSnapshot } from '../../contract/index.ts';
import { announceGoal, frame } from '../../lib/widget-frame.ts';
import { prefersReducedMotion } from '../../lib/island.ts';
import { isSetting, restoreSettings, saveSettings } from './settings.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import type { CheatsheetVariantId } from '../../contract/index.ts';
import { openLabSession, request, type LabSession, type VirtualClient } from '../../lib/socket/virtual-clients.ts';
import { findVariant, EMIT_VARIANTS } from '../../lib/protocol/emit-semantics.ts';
import { emptyExplorer, fired, arrived, paramsFor, settled, withMembers, withOwn, type ExplorerState } from './model.ts';
import { reportFire } from './report.ts';
import { createExplorerView } from './view.ts';

const NAMES = ['Ana', 'Ben', 'Cleo', 'Dev'];
/** The starting layout the lesson refers to: two rooms, Cleo in both, Dev in none. */
const PRESET: Record<string, string[]> = { Ana: ['room1'], Ben: ['room2'], Cleo: ['room1', 'room2'], Dev: [] };
const EVENT = 'rooms:message';

export function mount(root: HTMLElement): void {
  const ui = frame(root);
  const form = root.querySelector<HTMLFormElement>('[data-fire-form]')!;
  const fireButton = root.querySelector<HTMLButtonElement>('[data-fire]')!;
  const result = root.querySelector<HTMLElement>('[data-result]')!;
  const explain = root.querySelector<HTMLElement>('[data-explain]')!;
  const predictOn = root.querySelector<HTMLInputElement>('[data-predict-on]')!;
  const view = createExplorerView(root.querySelector<HTMLElement>('[data-graph]')!, { reducedMotion: prefersReducedMotion });
  const pageId = Math.random().toString(36).slice(2, 8);

  let state: ExplorerState = emptyExplorer();
  let session: LabSession | undefined;
  let counter = 0;
  const preset = new Set<string>();
  /** Clients the learner disconnected while in rooms: old socket id → rooms it was in. */
  const leaving = new Map<string, { name: string; rooms: string[] }>();

  const connected = (): Record<string, boolean> =>
    Object.fromEntries((session?.clients ?? []).map((c) => [c.name, c.connection.status === 'connected' && Boolean(c.lab)]));
  const clientOf = (name: string) => session?.byName(name);
  const idOf = (name: string) => {
    const c = clientOf(name);
    return c?.socket.connected ? c.socket.id : undefined;
  };

  const render = () => {
    const own: Record<string, string> = {};
    for (const c of session?.clients ?? []) if (c.socket.connected && c.socket.id) own[c.socket.id] = c.name;
    state = withOwn(state, own);
    view.render(state, NAMES, connected());
    syncTable();
    showCode();
  };

  const setMembers = (snap: RoomsSnapshot) => {
    state = withMembers(state, snap.members);
    for (const [oldId, info] of leaving) {
      if (snap.members.some((m) => m.id === oldId)) continue;
      leaving.delete(oldId);
      ui.log(`${info.name}’s old socket is gone, and Socket.IO took it out of ${info.rooms.map((r) => `"${r}"`).join(' and ')} by itself.`, 'ok', { kind: 'auto-leave', client: info.name });
      announceGoal('rooms:auto-leave');
    }
    render();
  };

  function syncTable() {
    for (const name of NAMES) {
      const c = clientOf(name);
      const live = Boolean(c && c.connection.status === 'connected' && c.lab);
      const member = state.members.find((m) => c?.socket.id && m.id === c.socket.id);
      for (const box of root.querySelectorAll<HTMLInputElement>(`input[data-client="${name}"][data-room]`)) {
        box.disabled = !live || box.dataset.busy === '1';
        if (box.dataset.busy !== '1') box.checked = Boolean(live && member?.rooms.includes(box.dataset.room!));
      }
      const button = root.querySelector<HTMLButtonElement>(`[data-toggle-conn="${name}"]`)!;
      button.disabled = !c || (c.connection.status !== 'connected' && c.connection.status !== 'offline');
      button.textContent = c?.connection.status === 'offline' ? 'Reconnect' : 'Disconnect';
      const conn = root.querySelector<HTMLElement>(`[data-conn="${name}"]`)!;
      conn.textContent = c?.socket.connected && c.socket.id ? `id ${c.socket.id.slice(0, 6)}…` : c ? c.connection.status : '';
      conn.dataset.status = c?.connection.status ?? '';
    }
  }

  /** The params as the form holds them, target resolved to the real socket id of the chosen client. */
  function formParams() {
    const data = new FormData(form);
    const targetName = String(data.get('target'));
    return {
      variant: String(data.get('variant')),
      sender: String(data.get('sender')),
      targetName,
      all: { room: String(data.get('room')), room2: String(data.get('room2')), target: idOf(targetName) ?? '' },
    };
  }

  function showCode() {
    const { variant, all } = formParams();
    for (const v of EMIT_VARIANTS) {
      const el = root.querySelector<HTMLElement>(`[data-code="${CSS.escape(v.id)}"]`);
      if (el) el.textContent = v.code({ ...all, target: all.target || undefined, event: EVENT });
    }
    explain.textContent = findVariant(variant).explain;
  }

  const showState = () => {
    if (!session) return;
    const live = connected();
    const n = Object.values(live).filter(Boolean).length;
    if (session.clients.every((c) => c.connection.status === 'unreachable')) ui.setState('unreachable', 'Demo server unreachable.');
    else if (n === NAMES.length) ui.setState('connected', `Live: ${n} real connections in lab ${session.labId()}.`);
    else ui.setState('partial', `Live: ${n} of ${NAMES.length} clients connected.`);
    fireButton.disabled = n === 0;
    render();
  };

  async function presetRooms(client: VirtualClient) {
    if (preset.has(client.name) || !client.lab) return;
    preset.add(client.name);
    for (const room of PRESET[client.name] ?? []) {
      const res = await request(client.socket, 'rooms:join', { room });
      if (res.ok) setMembers(res.data);
    }
  }

  async function start(labId?: string) {
    session?.close();
    preset.clear();
    state = emptyExplorer();
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'rooms-explorer',
      names: NAMES,
      labId,
      onConnection: (client) => {
        showState();
        if (client.connection.status === 'reconnecting') ui.log(describeConnection(client.name, client.connection), 'bad');
      },
      onLab: () => {
        ui.showLab(session?.labId(), () => void start());
        for (const c of session?.clients ?? []) void presetRooms(c);
        showState();
        const any = session?.clients.find((c) => c.lab && c.socket.connected);
        if (any) void request(any.socket, 'rooms:list', {}).then((res) => res.ok && setMembers(res.data));
      },
      onError: (message) => ui.log(message, 'bad'),
    });
    for (const client of session.clients) {
      client.socket.on('rooms:changed', (snap) => setMembers(snap));
      client.socket.on('rooms:message', (m) => onMessage(client, m));
    }
  }

  function onMessage(client: VirtualClient, m: RoomMessage) {
    if (state.fire?.ref === m.ref) {
      state = arrived(state, m.ref, client.socket.id ?? '');
      ui.log(`${client.name} received it.`, 'info', { kind: 'received', client: client.name, ref: m.ref });
      render();
    } else {
      ui.log(`${client.name} received ${m.variant} from ${m.from} (another page in this lab).`, 'info', { kind: 'received-other', client: client.name });
    }
  }

  async function fire() {
    if (!session) return;
    const { variant, sender, targetName, all } = formParams();
    const client = clientOf(sender);
    if (!client?.socket.connected || !client.socket.id) {
      ui.log(`${sender} is not connected: reconnect it first, or pick another sender.`, 'bad');
      return;
    }
    const params = paramsFor(variant, all);
    if (findVariant(variant).params.includes('target') && !all.target) {
      ui.log(`${targetName} is not connected, so it has no socket id to send to.`, 'bad');
      return;
    }
    const ref = `${pageId}-${++counter}`;
    const prediction = predictOn.checked ? [...form.querySelectorAll<HTMLInputElement>('input[name="predict"]:checked')].map((b) => b.value) : undefined;
    try {
      state = fired(state, { ref, variant, senderId: client.socket.id, params, prediction });
    } catch (err) {
      ui.log(String((err as Error).message), 'bad');
      return;
    }
    root.dataset.firing = ref;
    const code = findVariant(variant).code({ ...params, event: EVENT });
    ui.log(`${sender} asked the server to run ${code}${prediction ? `; you predicted: ${prediction.join(', ') || 'nobody'}` : ''}.`, 'info', { kind: 'fire', ref });
    result.replaceChildren(paragraph('Firing…'));
    render();

    fireButton.disabled = true; // one fire at a time, so each result belongs to one emit
    try {
      await carryOut(client, ref, variant, params);
    } finally {
      fireButton.disabled = false;
    }
  }

  async function carryOut(client: VirtualClient, ref: string, variant: string, params: ReturnType<typeof paramsFor>) {
    if (!session) return;
    const res = await request(client.socket, 'rooms:emit', { variant: variant as CheatsheetVariantId, ...params, ref });
    if (!res.ok) {
      state = settled(state, ref, res.error);
      ui.log(`The server refused it: ${res.error}`, 'bad', { kind: 'refused', ref });
      result.replaceChildren(paragraph(`Refused: ${res.error}`, 'bad'));
      render();
      return;
    }
    ui.log(`The server ran ${res.data.scopedCode} (your room names, with your lab in front).`, 'info', { kind: 'ran', ref });
    // One round trip per client: events on one connection arrive in order, so after the answer nothing is still on its way.
    const live = session.clients.filter((c) => c.socket.connected && c.lab);
    const lists = await Promise.all(live.map((c) => request(c.socket, 'rooms:list', {})));
    const latest = lists.find((l) => l.ok);
    if (latest?.ok) state = withMembers(state, latest.data.members);
    state = settled(state, ref);
    render();
    report(ref);
  }

  function report(ref: string) {
    const r = reportFire(state, NAMES.length);
    if (!r) return;
    root.dataset.received = r.received.join(',');
    root.dataset.expected = r.expected.join(',');
    root.dataset.matches = String(r.matches);
    if (r.score) root.dataset.score = r.score;
    else delete root.dataset.score;
    root.dataset.lastFire = ref;
    result.replaceChildren(...r.lines.map((l) => paragraph(l.text, l.tone)));
    for (const l of r.log) ui.log(l.text, l.tone, { kind: l.kind, ref });
    for (const goal of r.goals) announceGoal(goal);
  }

  function paragraph(text: string, tone?: 'good' | 'bad'): HTMLElement {
    const p = document.createElement('p');
    p.textContent = text;
    if (tone) p.className = tone;
    return p;
  }

  root.querySelector('[data-members]')!.addEventListener('change', async (event) => {
    const box = event.target as HTMLInputElement;
    const name = box.dataset.client;
    const room = box.dataset.room;
    const client = name ? clientOf(name) : undefined;
    if (!client || !room) return;
    const join = box.checked;
    box.dataset.busy = '1';
    const res = await request(client.socket, join ? 'rooms:join' : 'rooms:leave', { room });
    delete box.dataset.busy;
    if (res.ok) {
      ui.log(`The server called socket.${join ? 'join' : 'leave'}("${room}") for ${name}.`, 'info', { kind: join ? 'join' : 'leave', client: client.name });
      setMembers(res.data);
    } else {
      ui.log(res.error, 'bad');
      render();
    }
  });

  root.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-toggle-conn]');
    const client = button ? clientOf(button.dataset.toggleConn!) : undefined;
    if (!client) return;
    if (client.socket.connected) {
      const member = state.members.find((m) => m.id === client.socket.id);
      if (member?.rooms.length) leaving.set(member.id, { name: client.name, rooms: member.rooms });
      ui.log(`${client.name} disconnects${member?.rooms.length ? ` while in ${member.rooms.map((r) => `"${r}"`).join(' and ')}` : ''}.`, 'info', { kind: 'disconnect', client: client.name });
      client.socket.disconnect();
    } else {
      ui.log(`${client.name} reconnects: a new connection is a new socket, with a new id and no rooms.`, 'info', { kind: 'reconnect', client: client.name });
      client.socket.connect();
    }
  });

  form.addEventListener('change', (event) => {
    const t = event.target as HTMLInputElement;
    if (isSetting(t.name)) saveSettings(form, root.id);
    if (t === predictOn) {
      form.querySelector<HTMLElement>('.predict')!.toggleAttribute('data-off', !predictOn.checked);
      for (const b of form.querySelectorAll<HTMLInputElement>('input[name="predict"]')) b.disabled = !predictOn.checked;
    }
    showCode();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void fire();
  });

  restoreSettings(form, root.id);
  showCode();
  void start(labFromUrl(root.id));
}
