// Mounts the transport inspector: one real client in a lab whose transports record every body and frame;
// engine events (upgrading/upgrade/upgradeError/close) become milestones; model → view; settings in the URL.
import type { TransportEcho } from '../../contract/index.ts';
import { BLOCK_WEBSOCKET_PARAM, BLOCK_WEBSOCKET_VALUE } from '../../contract/index.ts';
import { frame, announceGoal } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, type LabSession } from '../../lib/socket/virtual-clients.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import {
  describeRow,
  emptyInspector,
  engineEvent,
  noteTone,
  wire,
  type EngineEvent,
  type InspectorState,
  type WireRecord,
} from './model.ts';
import { recordingTransports } from './recording.ts';
import { createInspectorView } from './view.ts';

export type Mode = 'both' | 'polling' | 'websocket' | 'websocket-first';
const MODES: Mode[] = ['both', 'polling', 'websocket', 'websocket-first'];

const TRANSPORT_NAME = { polling: 'HTTP long polling', websocket: 'WebSocket' } as const;

export function mount(root: HTMLElement): void {
  const setup = setupLink(root);
  const ui = frame(root);
  const form = root.querySelector<HTMLFormElement>('form[data-ti-form]')!;
  const sendButton = root.querySelector<HTMLButtonElement>('[data-send-event]')!;
  const askButton = root.querySelector<HTMLButtonElement>('[data-send-ack]')!;
  const summary = root.querySelector<HTMLElement>('[data-summary]')!;
  const view = createInspectorView(root.querySelector<HTMLOListElement>('[data-rows]')!);

  let state: InspectorState = emptyInspector();
  let session: LabSession | undefined;
  let generation = 0;
  let counter = 0;
  const started = performance.now();

  const saved = setup.saved;
  const settings = {
    mode: (MODES.includes(saved.mode as Mode) ? saved.mode : 'both') as Mode,
    block: saved.block === '1',
  };
  form.querySelector<HTMLInputElement>(`input[name="mode"][value="${settings.mode}"]`)!.checked = true;
  form.querySelector<HTMLInputElement>('input[name="block"]')!.checked = settings.block;

  const expose = () => {
    root.dataset.mode = settings.mode;
    root.dataset.block = String(settings.block);
    root.dataset.transport = state.transport ?? '';
    root.dataset.upgraded = String(state.upgraded);
    if (state.upgradeError) root.dataset.upgradeError = state.upgradeError;
    else delete root.dataset.upgradeError;
    root.dataset.sid = state.handshake?.sid ?? '';
    const on = state.transport ? TRANSPORT_NAME[state.transport] : 'no transport yet';
    summary.textContent = `Session ${state.handshake?.sid ?? '…'} · now on ${on} · packets by polling: ${state.counts.polling}, by WebSocket: ${state.counts.websocket}`;
  };

  const update = (next: InspectorState) => {
    const before = state.rows.length ? state.rows[state.rows.length - 1]!.seq : 0;
    state = next;
    for (const row of state.rows) {
      if (row.seq <= before) continue;
      // Narrate milestones and the handshake; individual polling cycles would drown the log.
      if (row.kind === 'note') ui.log(row.text, noteTone(row), { note: row.note });
      else if (row.engineType === 'open' || row.engineType === 'upgrade' || row.probe || row.engineType === 'ping')
        ui.log(describeRow(row), 'info', { engineType: row.engineType });
    }
    view.render(state);
    expose();
  };

  async function start() {
    const gen = ++generation;
    const labId = session?.labId() ?? labFromUrl(root.id);
    session?.close();
    state = emptyInspector();
    root.querySelector('[data-rows]')!.replaceChildren();
    update(state);
    ui.setState('loading', 'Connecting…');
    sendButton.disabled = askButton.disabled = true;

    const { XHR, WebSocket } = await import('socket.io-client');
    const record = (c: Omit<WireRecord, 'at'>) => {
      if (gen === generation) update(wire(state, { ...c, at: performance.now() - started }));
    };
    const t = recordingTransports(XHR, WebSocket, record);
    const order = {
      both: [t.Polling, t.WebSocket],
      polling: [t.Polling],
      websocket: [t.WebSocket],
      'websocket-first': [t.WebSocket, t.Polling],
    }[settings.mode];
    const note = (e: EngineEvent) => {
      if (gen === generation) update(engineEvent(state, e, performance.now() - started));
    };

    session = await openLabSession({
      kind: 'transport-inspector',
      widgetId: root.id,
      names: ['You'],
      labId,
      socketOptions: {
        transports: order,
        tryAllTransports: settings.mode === 'websocket-first',
        query: settings.block ? { [BLOCK_WEBSOCKET_PARAM]: BLOCK_WEBSOCKET_VALUE } : {},
      },
      onConnection: (client) => {
        const s = client.connection.status;
        const inLab = Boolean(client.lab) && s === 'connected';
        sendButton.disabled = askButton.disabled = !inLab;
        if (s === 'unreachable' && settings.mode === 'websocket' && settings.block) {
          // Not the server's fault: we blocked the only transport this client may use.
          ui.setState('partial', 'WebSocket only, and WebSocket is blocked: this client cannot connect at all.');
        } else
          showConnectionStatus(ui, [client], inLab, {
            live: () => `Live: one real client in lab ${session?.labId()}.`,
          });
      },
      onLab: () => {
        ui.showLab(session?.labId(), () => {
          session?.close();
          session = undefined;
          void start();
        });
        onConnectionRefresh();
      },
      onError: (message) => ui.log(message, 'bad'),
    });
    const client = session.clients[0]!;
    const onConnectionRefresh = () => {
      const inLab = Boolean(client.lab) && client.connection.status === 'connected';
      sendButton.disabled = askButton.disabled = !inLab;
      if (inLab) ui.setState('connected', `Live: one real client in lab ${session?.labId()}.`);
    };
    const watched = new WeakSet<object>();
    const watchEngine = () => {
      const engine = client.socket.io.engine;
      if (!engine || watched.has(engine)) return; // the Manager's 'open' also fires for the first engine
      watched.add(engine);
      engine.on('upgrading', (tr: { name: string }) => note({ type: 'upgrading', transport: tr.name }));
      engine.on('upgrade', (tr: { name: string }) => {
        note({ type: 'upgrade', transport: tr.name });
        announceGoal('transport:upgrade');
      });
      engine.on('upgradeError', (err: Error) => note({ type: 'upgrade-error', message: err.message }));
      engine.on('close', (reason: string) => note({ type: 'closed', reason }));
    };
    watchEngine();
    client.socket.io.on('open', () => {
      if (gen === generation) watchEngine();
    });
    client.socket.on('connect_error', (err) => note({ type: 'connect-error', message: err.message }));
    client.socket.on('transport:echo', (echo: TransportEcho) => {
      ui.log(
        `The server echoed “${echo.text}”; it had received your event over ${TRANSPORT_NAME[echo.transport as 'polling'] ?? echo.transport}.`,
        'ok',
        { kind: 'echo', transport: echo.transport },
      );
    });
  }

  const text = () => `hello ${++counter}`;
  sendButton.addEventListener('click', () => {
    const client = session?.clients[0];
    if (!client) return;
    const t = text();
    client.socket.emit('transport:send', { text: t });
    ui.log(`You emitted "transport:send" “${t}” with no acknowledgement.`, 'info', { kind: 'send' });
  });
  askButton.addEventListener('click', async () => {
    const client = session?.clients[0];
    if (!client) return;
    const t = text();
    const sentAt = performance.now();
    ui.log(`You emitted "transport:ask" “${t}” and asked for an acknowledgement.`, 'info', { kind: 'ask' });
    const res = await request(client.socket, 'transport:ask', { text: t });
    if (!res.ok) {
      ui.log(`No acknowledgement: ${res.error}`, 'bad', { kind: 'ack-error' });
      return;
    }
    const via = TRANSPORT_NAME[res.data.transport as 'polling'] ?? res.data.transport;
    ui.log(
      `Acknowledged after ${Math.round(performance.now() - sentAt)} ms; the server received it over ${via}.`,
      'ok',
      { kind: 'ack', transport: res.data.transport },
    );
    root.dataset.lastAckTransport = res.data.transport;
    if (settings.block && state.upgradeError && res.data.transport === 'polling') announceGoal('transport:fallback');
  });

  form.addEventListener('change', () => {
    const data = new FormData(form);
    settings.mode = (String(data.get('mode')) as Mode) || 'both';
    settings.block = data.get('block') === 'on';
    setup.save({ mode: settings.mode, block: settings.block ? '1' : '0' });
    void start();
  });
  root.querySelector('[data-reconnect]')!.addEventListener('click', () => void start());

  void start();
}
