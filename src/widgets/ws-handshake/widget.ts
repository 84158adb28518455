// Mounts "The handshake": one WebSocket-only Socket.IO client in a lab; asks the server for this connection's
// real handshake and 4-tuple, shows them, and recomputes Sec-WebSocket-Accept from the key (or an edited key).
import type { WsHandshake } from '../../contract/index.ts';
import { announceGoal, frame } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, type LabSession } from '../../lib/socket/virtual-clients.ts';
import { describeTuple } from '../your-socket/model.ts';
import { checkAccept, describeCheck, header, statusCode } from './model.ts';
import { drawCheck, drawHandshake } from './view.ts';

export function mount(root: HTMLElement): void {
  const ui = frame(root);
  // The log scrolls once it fills up; a scrollable region must be reachable from the keyboard (WidgetFrame leaves it out).
  root.querySelector<HTMLElement>('[data-log]')!.tabIndex = 0;
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const keyInput = $<HTMLInputElement>('[data-key]');
  const realKeyButton = $<HTMLButtonElement>('[data-real-key]');
  const reopenButton = $<HTMLButtonElement>('[data-reopen]');
  let session: LabSession | undefined;
  let handshake: WsHandshake | undefined;
  let realKey = '';
  let checkRun = 0;

  async function check() {
    if (!handshake) return;
    const run = ++checkRun;
    const key = keyInput.value.trim();
    const result = await checkAccept(key, handshake);
    if (run !== checkRun) return; // a newer keystroke already started its own check
    drawCheck(root, key, result, describeCheck(result, realKey));
    root.dataset.acceptMatch = String(result.matches);
    root.dataset.computedAccept = result.computed;
    if (result.matches && key === realKey) announceGoal('ws:accept-verified');
    if (!result.matches && key !== realKey) announceGoal('ws:accept-broken');
  }

  async function load() {
    const you = session?.clients[0];
    if (!you) return;
    const [hs, info] = await Promise.all([
      request(you.socket, 'ws:handshake', {}),
      request(you.socket, 'conn:info', {}),
    ]);
    if (!hs.ok) return ui.log(hs.error, 'bad');
    handshake = hs.data;
    drawHandshake(root, handshake, info.ok ? describeTuple(info.data) : undefined);
    const code = statusCode(handshake.response);
    realKey = header(handshake.request, 'sec-websocket-key') ?? '';
    root.dataset.statusCode = String(code);
    root.dataset.key = realKey;
    root.dataset.sentAccept = header(handshake.response, 'sec-websocket-accept') ?? '';
    keyInput.value = realKey;
    realKeyButton.disabled = reopenButton.disabled = false;
    reopenButton.removeAttribute('aria-disabled');
    ui.log(
      `Handshake: ${handshake.request.startLine.split(' ').slice(0, 2).join(' ')} with key ${realKey}; the server answered ${handshake.response.startLine.replace(/^HTTP\/\S+ /, '')}.`,
      'ok',
      { kind: 'handshake', status: String(code) },
    );
    const offered = header(handshake.request, 'sec-websocket-extensions');
    if (offered && !header(handshake.response, 'sec-websocket-extensions')) {
      ui.log(
        `The browser offered “${offered}”; the response names no extension, so none is in use and frames travel uncompressed.`,
        'info',
        { kind: 'extensions' },
      );
    }
    await check();
  }

  async function start(labId?: string) {
    session?.close();
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'ws-handshake',
      widgetId: root.id,
      names: ['You'],
      labId,
      // WebSocket from the first request: the opening request IS the upgrade, so it is the one the server shows.
      socketOptions: { transports: ['websocket'] },
      onConnection: (client) => {
        const waiting = describeConnection('You', client.connection);
        showConnectionStatus(ui, [client], client.connection.status === 'connected', { waiting });
      },
      onLab: () => {
        ui.showLab(session?.labId(), () => void start());
        ui.setState('connected', `Live: one WebSocket in lab ${session?.labId()}.`);
        void load();
      },
      onError: (message) => ui.log(message, 'bad'),
    });
  }

  keyInput.addEventListener('input', () => void check());
  realKeyButton.addEventListener('click', () => {
    keyInput.value = realKey;
    void check();
  });
  reopenButton.addEventListener('click', () => {
    const socket = session?.clients[0]?.socket;
    if (!socket || reopenButton.getAttribute('aria-disabled') === 'true') return;
    // aria-disabled, not disabled, until the new handshake is in: a disabled button would drop focus to <body>.
    reopenButton.setAttribute('aria-disabled', 'true');
    ui.log('Closing this WebSocket and opening a new one: watch the key change.', 'info', { kind: 'reopen' });
    socket.disconnect();
    socket.connect();
  });
  void start(labFromUrl(root.id));
}
