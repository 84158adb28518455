// Mounts the rooms explorer: four virtual clients in a lab; checkboxes make the server join/leave rooms; Fire asks
// the sender's socket to run one cheatsheet variant; every arrival is recorded per real socket, and once each
// client has answered a round trip (so nothing more can be on its way) the result is compared with recipients().
import type { RoomMessage, RoomsDelta, RoomsSnapshot } from '../../contract/index.ts';
import { announceGoal, frame } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { prefersReducedMotion } from '../../lib/widget/island.ts';
import { applyFormState, formState } from '../../lib/widget/form-state.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import { isSetting, SETTINGS } from './settings.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, type LabSession, type VirtualClient } from '../../lib/socket/virtual-clients.ts';
import { findVariant } from '../../lib/protocol/emit-semantics.ts';
import { emptyExplorer, fired, arrived, paramsFor, settled, withOwn, type ExplorerState } from './model.ts';
import { receivedNames } from './model.ts';
import { mountAskClass, type QuietRun } from './ask-class.ts';
import { mountClassQuestion } from './class-question.ts';
import { applyDelta, withSnapshot } from './model.ts';
import { reportFire } from './report.ts';
import { paragraph, readFireForm, readPrediction, showCode, showReport, syncTable } from './controls.ts';
import { createExplorerView } from './view.ts';
import { fireAndSettle, joinRooms, listRooms, setRoom } from './clients.ts';

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
  const setup = setupLink(root, () => formState(form, SETTINGS));
  const view = createExplorerView(root.querySelector<HTMLElement>('[data-graph]')!, {
    reducedMotion: prefersReducedMotion,
  });
  const pageId = Math.random().toString(36).slice(2, 8);

  let state: ExplorerState = emptyExplorer();
  let session: LabSession | undefined;
  let counter = 0;
  const preset = new Set<string>();
  /** Clients the learner disconnected while in rooms: old socket id → rooms it was in. */
  const leaving = new Map<string, { name: string; rooms: string[] }>();

  const connected = (): Record<string, boolean> =>
    Object.fromEntries(
      (session?.clients ?? []).map((c) => [c.name, c.connection.status === 'connected' && Boolean(c.lab)]),
    );
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
    refreshTable();
    refreshCode();
  };

  const setMembers = (snap: RoomsSnapshot) => {
    state = withSnapshot(state, snap);
    membersChanged();
  };
  /** Sockets on this page that watch the lab's rooms (each asked for a snapshot once, when it joined the lab). */
  const watching = new Set<string>();
  let resyncing = false;
  const onDelta = (client: VirtualClient, delta: RoomsDelta) => {
    const next = applyDelta(state, delta);
    state = next.state;
    if (next.resync && !resyncing) {
      // A gap (a missed delta) or too many changes to list: one fresh snapshot puts the page right.
      resyncing = true;
      void listRooms(client).then((res) => {
        resyncing = false;
        if (res.ok) setMembers(res.data);
      });
    }
    membersChanged();
  };

  const membersChanged = () => {
    for (const [oldId, info] of leaving) {
      if (state.members.some((m) => m.id === oldId)) continue;
      leaving.delete(oldId);
      ui.log(
        `${info.name}’s old socket is gone, and Socket.IO took it out of ${info.rooms.map((r) => `"${r}"`).join(' and ')} by itself.`,
        'ok',
        { kind: 'auto-leave', client: info.name },
      );
      announceGoal('rooms:auto-leave');
    }
    render();
  };

  function refreshTable() {
    syncTable(
      root,
      NAMES.map((name) => {
        const c = clientOf(name);
        const live = Boolean(c && c.connection.status === 'connected' && c.lab);
        const member = state.members.find((m) => c?.socket.id && m.id === c.socket.id);
        const socketId = c?.socket.connected && c.socket.id ? c.socket.id : undefined;
        return { name, status: c?.connection.status, live, socketId, rooms: (live && member?.rooms) || [] };
      }),
    );
  }

  function formParams() {
    return readFireForm(form, idOf);
  }
  function refreshCode() {
    showCode(root, explain, formParams(), EVENT);
  }

  const showState = () => {
    if (!session) return;
    const live = connected();
    const n = Object.values(live).filter(Boolean).length;
    showConnectionStatus(ui, session.clients, n === NAMES.length, {
      live: `Live: ${n} real connections in lab ${session.labId()}.`,
      waiting: `Live: ${n} of ${NAMES.length} clients connected.`,
    });
    fireButton.disabled = n === 0;
    render();
  };

  async function presetRooms(client: VirtualClient) {
    if (preset.has(client.name) || !client.lab) return;
    preset.add(client.name);
    await joinRooms(client, PRESET[client.name] ?? [], setMembers);
  }

  async function start(labId?: string) {
    session?.close();
    preset.clear();
    state = emptyExplorer();
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'rooms-explorer',
      widgetId: root.id,
      names: NAMES,
      labId,
      onConnection: (client) => {
        showState();
        if (client.connection.status === 'reconnecting')
          ui.log(describeConnection(client.name, client.connection), 'bad');
      },
      onLab: () => {
        ui.showLab(session?.labId(), () => void start());
        for (const c of session?.clients ?? []) void presetRooms(c);
        showState();
        for (const c of session?.clients ?? []) {
          if (!c.lab || !c.socket.connected || !c.socket.id || watching.has(c.socket.id)) continue;
          watching.add(c.socket.id); // a new socket (a reconnect) asks again: it starts at a snapshot
          void listRooms(c).then((res) => res.ok && setMembers(res.data));
        }
      },
      onError: (message) => ui.log(message, 'bad'),
    });
    for (const client of session.clients) {
      client.socket.on('rooms:delta', (delta) => onDelta(client, delta));
      client.socket.on('rooms:message', (m) => onMessage(client, m));
    }
  }

  function onMessage(client: VirtualClient, m: RoomMessage) {
    if (state.fire?.ref === m.ref) {
      state = arrived(state, m.ref, client.socket.id ?? '');
      ui.log(`${client.name} received it.`, 'info', { kind: 'received', client: client.name, ref: m.ref });
      render();
    } else {
      ui.log(`${client.name} received ${m.variant} from ${m.from} (another page in this lab).`, 'info', {
        kind: 'received-other',
        client: client.name,
      });
    }
  }

  /**
   * Quiet: the teacher asks the class. The emit runs for real, but its result is not shown (the teacher's screen
   * may be on the projector); the names that really received it are returned instead.
   */
  async function fire(quiet = false): Promise<QuietRun | { error: string }> {
    if (!session || fireButton.getAttribute('aria-disabled') === 'true') return { error: 'Wait for the last fire.' };
    const { variant, sender, targetName, all } = formParams();
    const client = clientOf(sender);
    if (!client?.socket.connected || !client.socket.id) {
      const error = `${sender} is not connected: reconnect it first, or pick another sender.`;
      ui.log(error, 'bad');
      return { error };
    }
    const params = paramsFor(variant, all);
    if (findVariant(variant).params.includes('target') && !all.target) {
      const error = `${targetName} is not connected, so it has no socket id to send to.`;
      ui.log(error, 'bad');
      return { error };
    }
    const ref = `${pageId}-${++counter}`;
    const prediction = quiet ? undefined : readPrediction(form, predictOn);
    const question = quiet ? describeSetup(sender, variant, all, targetName) : '';
    try {
      state = fired(state, { ref, variant, senderId: client.socket.id, params, prediction });
    } catch (err) {
      ui.log(String((err as Error).message), 'bad');
      return { error: String((err as Error).message) };
    }
    root.dataset.firing = ref;
    const code = findVariant(variant).code({ ...params, event: EVENT });
    ui.log(
      `${sender} asked the server to run ${code}${prediction ? `; you predicted: ${prediction.join(', ') || 'nobody'}` : ''}.`,
      'info',
      { kind: 'fire', ref },
    );
    result.replaceChildren(paragraph('Firing…'));
    render();

    // One fire at a time, so each result belongs to one emit. aria-disabled, not disabled: a disabled button
    // drops keyboard focus to <body>, and the learner who pressed Fire should stay on it.
    fireButton.setAttribute('aria-disabled', 'true');
    try {
      const error = await carryOut(client, ref, variant, params, quiet);
      if (error) return { error };
    } finally {
      fireButton.removeAttribute('aria-disabled');
    }
    return { question, names: NAMES, received: receivedNames(state) };
  }

  /** The setup a class is asked about, in words: the call, the sender and who is in which room. */
  function describeSetup(sender: string, variant: string, all: ReturnType<typeof formParams>['all'], target: string) {
    const code = findVariant(variant).code({ ...all, target: `<${target}’s socket id>`, event: EVENT });
    const rooms = NAMES.map((name) => {
      const id = idOf(name);
      const member = state.members.find((m) => m.id === id);
      return `${name}: ${member?.rooms.length ? member.rooms.join(' and ') : 'no room'}`;
    });
    return `${sender} runs ${code}. ${rooms.join('; ')}.`.slice(0, 300);
  }

  async function carryOut(
    client: VirtualClient,
    ref: string,
    variant: string,
    params: ReturnType<typeof paramsFor>,
    quiet: boolean,
  ): Promise<string | undefined> {
    if (!session) return 'Not connected yet.';
    const out = await fireAndSettle(client, session.clients, { ref, variant, params }, (scopedCode) => {
      ui.log(`The server ran ${scopedCode} (your room names, with your lab in front).`, 'info', { kind: 'ran', ref });
    });
    if (!out.ok) {
      state = settled(state, ref, out.error);
      ui.log(`The server refused it: ${out.error}`, 'bad', { kind: 'refused', ref });
      result.replaceChildren(paragraph(`Refused: ${out.error}`, 'bad'));
      render();
      return out.error;
    }
    if (out.snapshot) state = withSnapshot(state, out.snapshot);
    state = settled(state, ref);
    render();
    if (quiet) result.replaceChildren(paragraph('Asked the class: the result stays hidden until you reveal it.'));
    else report(ref);
    return undefined;
  }

  function report(ref: string) {
    const r = reportFire(state, NAMES.length);
    if (!r) return;
    showReport(root, result, r, ref);
    for (const l of r.log) ui.log(l.text, l.tone, { kind: l.kind, ref });
    for (const goal of r.goals) announceGoal(goal);
  }

  root.querySelector('[data-members]')!.addEventListener('change', async (event) => {
    const box = event.target as HTMLInputElement;
    const name = box.dataset.client;
    const room = box.dataset.room;
    const client = name ? clientOf(name) : undefined;
    if (!client || !room) return;
    const join = box.checked;
    box.dataset.busy = '1';
    const res = await setRoom(client, room, join);
    delete box.dataset.busy;
    if (res.ok) {
      ui.log(`The server called socket.${join ? 'join' : 'leave'}("${room}") for ${name}.`, 'info', {
        kind: join ? 'join' : 'leave',
        client: client.name,
      });
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
      ui.log(
        `${client.name} disconnects${member?.rooms.length ? ` while in ${member.rooms.map((r) => `"${r}"`).join(' and ')}` : ''}.`,
        'info',
        { kind: 'disconnect', client: client.name },
      );
      client.socket.disconnect();
    } else {
      ui.log(`${client.name} reconnects: a new connection is a new socket, with a new id and no rooms.`, 'info', {
        kind: 'reconnect',
        client: client.name,
      });
      client.socket.connect();
    }
  });

  form.addEventListener('change', (event) => {
    const t = event.target as HTMLInputElement;
    if (isSetting(t.name)) setup.save(formState(form, SETTINGS));
    if (t === predictOn) {
      form.querySelector<HTMLElement>('.predict')!.toggleAttribute('data-off', !predictOn.checked);
      for (const b of form.querySelectorAll<HTMLInputElement>('input[name="predict"]')) b.disabled = !predictOn.checked;
    }
    refreshCode();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void fire();
  });

  applyFormState(form, setup.saved, SETTINGS);
  refreshCode();
  mountAskClass(root, () => fire(true));
  mountClassQuestion(root);
  void start(labFromUrl(root.id));
}
