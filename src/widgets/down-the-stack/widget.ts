// Mounts "Your message, down the stack": one virtual client (WebSocket only) in a lab; each send is a real
// emit that the server acknowledges with the raw packet it received. The bytes below Socket.IO are built
// with buildStack from that packet and the connection's real 4-tuple (conn:info); what user space cannot
// see is marked illustrative.
import type { ConnectionInfo } from '../../contract/index.ts';
import { buildStack } from '../../lib/net/down-the-stack.ts';
import { prefersReducedMotion } from '../../lib/widget/island.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, type LabSession } from '../../lib/socket/virtual-clients.ts';
import { announceGoal, frame } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { describeStep, readEchoedPacket, STAGES, stageInfo, stepViews, type StepView } from './model.ts';
import { createStackView } from './view.ts';

const STEP_MS = 1400;

export function mount(root: HTMLElement): void {
  const ui = frame(root);
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const form = $<HTMLFormElement>('[data-send-form]');
  const sendButton = $<HTMLButtonElement>('[data-send]');
  const prev = $<HTMLButtonElement>('[data-prev]');
  const next = $<HTMLButtonElement>('[data-next]');
  const play = $<HTMLButtonElement>('[data-play]');
  const conn = $('[data-conn]');
  const unitText = $('[data-unit-text]');
  const stackView = createStackView(root);

  let session: LabSession | undefined;
  let info: ConnectionInfo | undefined;
  let views: StepView[] = [];
  let stage = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  let sends = 0;
  let autoSent = false;

  function showStage(nextStage: number, announce = true) {
    if (!views.length) return;
    const from = stage;
    stage = Math.max(0, Math.min(STAGES - 1, nextStage));
    const { layer, direction } = stageInfo(stage);
    const v = views[layer];
    stackView.show(stage, from);
    prev.disabled = stage === 0;
    next.disabled = stage === STAGES - 1;
    if (announce) {
      const text =
        direction === 'down'
          ? describeStep(v, views[layer - 1], 'down')
          : describeStep(views[layer + 1], v, 'up') +
            (layer === 0 ? ' Socket.IO calls the server’s handler for the event.' : '');
      ui.log(text, 'info', { kind: 'step', stage: String(stage) });
    }
    if (stage === STAGES - 1) announceGoal('stack:walked');
  }

  function stop() {
    if (timer) clearInterval(timer);
    timer = undefined;
    play.textContent = 'Play';
  }

  prev.addEventListener('click', () => {
    stop();
    showStage(stage - 1);
  });
  next.addEventListener('click', () => {
    stop();
    showStage(stage + 1);
  });
  play.addEventListener('click', () => {
    if (timer) return stop();
    play.textContent = 'Pause';
    if (stage === STAGES - 1) showStage(0);
    timer = setInterval(() => (stage >= STAGES - 1 ? stop() : showStage(stage + 1)), STEP_MS);
  });
  root.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    if (t.closest('input, textarea, [role=grid]')) return;
    if (e.key === 'PageDown' || (e.key === 'ArrowRight' && t.closest('.stage-bar'))) {
      e.preventDefault();
      next.click();
    }
    if (e.key === 'PageUp' || (e.key === 'ArrowLeft' && t.closest('.stage-bar'))) {
      e.preventDefault();
      prev.click();
    }
  });

  function showConnection() {
    const client = session?.clients[0];
    if (!client) return;
    const ready = Boolean(client.lab && client.connection.status === 'connected' && info);
    sendButton.disabled = !ready;
    showConnectionStatus(ui, [client], ready, {
      live: () => `Live: one real WebSocket connection in lab ${session?.labId()}.`,
      waiting: describeConnection('Your client', client.connection),
    });
    if (info) {
      conn.textContent = `As the server saw it: your client ${info.client.address} port ${info.client.port} → server ${info.server.address} port ${info.server.port}, over ${info.transport}.`;
      root.dataset.clientPort = String(info.client.port);
      root.dataset.serverPort = String(info.server.port);
    }
  }

  async function refreshInfo() {
    const client = session?.clients[0];
    if (!client) return;
    const res = await request(client.socket, 'conn:info', {});
    if (res.ok) info = res.data;
    else ui.log(`conn:info failed: ${res.error}`, 'bad');
    showConnection();
  }

  async function send(text: string) {
    const client = session?.clients[0];
    if (!client || !text) return;
    stop();
    sendButton.disabled = true;
    await refreshInfo(); // the 4-tuple of the connection carrying this emit (it changes after a reconnect)
    ui.log(`You emitted “${text}” as the event "stack:echo".`, 'info', { kind: 'emit' });
    const res = await request(client.socket, 'stack:echo', { text });
    sendButton.disabled = false;
    if (!res.ok) {
      ui.log(`The server refused it: ${res.error}`, 'bad', { kind: 'refused' });
      return;
    }
    const read = readEchoedPacket(res.data.packet);
    if (!read.ok || !info) {
      ui.log(`Could not read what the server received: ${read.ok ? 'no connection info' : read.error}.`, 'bad');
      return;
    }
    const stack = buildStack({
      event: read.event,
      args: read.args,
      ackId: read.ackId,
      namespace: read.namespace === '/' ? undefined : read.namespace,
      client: info.client,
      server: info.server,
      seed: ++sends,
    });
    views = stepViews(stack);
    const rebuilt = new TextDecoder().decode(stack.steps[0].bytes);
    const same = rebuilt === res.data.packet;
    root.dataset.verified = String(same);
    root.dataset.sends = String(sends);
    unitText.textContent = rebuilt;
    ui.log(
      `The server received ${res.data.packet} over ${res.data.transport}${same ? '; the Socket.IO packet below is byte for byte the same.' : '; the rebuilt packet differs, so the bytes below are approximate.'}`,
      same ? 'ok' : 'bad',
      { kind: 'received' },
    );
    stackView.load(stack, views);
    stage = 0;
    showStage(0);
    [prev, next].forEach((b) => {
      b.disabled = false;
    });
    prev.disabled = true;
    play.disabled = prefersReducedMotion();
    play.title = play.disabled ? 'Your system asks for reduced motion: use Next and Previous.' : '';
    announceGoal('stack:sent');
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = String(new FormData(form).get('text') ?? '').trim();
    if (text) void send(text);
  });

  async function start(labId?: string) {
    session?.close();
    info = undefined;
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'down-the-stack',
      widgetId: root.id,
      names: ['You'],
      labId,
      socketOptions: { transports: ['websocket'] },
      onConnection: () => showConnection(),
      onLab: async () => {
        ui.showLab(session?.labId(), () => void start());
        await refreshInfo();
        if (!autoSent && !sendButton.disabled) {
          autoSent = true;
          void send(String(new FormData(form).get('text') ?? 'hello').trim() || 'hello');
        }
      },
      onError: (message) => ui.log(message, 'bad'),
    });
  }

  void start(labFromUrl(root.id));
}
