// Mounts the emit-sequence widget: opens three virtual clients in a lab, wires the form to real emits,
// feeds every socket event into the model, and redraws. Loaded only when the widget scrolls into view.
import type { EmitReceipt, EmitVariant } from '../../contract/index.ts';
import { frame, announceGoal } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { prefersReducedMotion } from '../../lib/widget/island.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, requestUntyped, type LabSession } from '../../lib/socket/virtual-clients.ts';
import {
  acknowledged,
  delivered,
  describeHop,
  emitted,
  emptyDiagram,
  isComplete,
  SERVER,
  VARIANT_LABEL,
  type DiagramState,
  type Hop,
} from './model.ts';
import { createSequenceView } from './view.ts';

const NAMES = ['Alice', 'Bob', 'Carol'];

export function mount(root: HTMLElement): void {
  const ui = frame(root);
  const form = root.querySelector<HTMLFormElement>('form[data-emit-form]')!;
  const sendButton = form.querySelector<HTMLButtonElement>('[data-send]')!;
  const malformedButton = root.querySelector<HTMLButtonElement>('[data-malformed]')!;
  const clearButton = root.querySelector<HTMLButtonElement>('[data-clear]')!;
  const chips = root.querySelector<HTMLElement>('[data-clients]')!;
  const view = createSequenceView(root.querySelector<HTMLElement>('[data-diagram]')!, [SERVER, ...NAMES], {
    reducedMotion: prefersReducedMotion,
  });

  let state: DiagramState = emptyDiagram();
  let session: LabSession | undefined;
  let counter = 0;
  const drawn = new Set<string>();
  const completed = new Set<string>();

  const update = (next: DiagramState) => {
    state = next;
    for (const hop of state.hops) {
      if (drawn.has(hop.key)) continue;
      drawn.add(hop.key);
      logHop(hop);
    }
    for (const s of state.sent) {
      if (!completed.has(s.ref) && isComplete(state, s.ref)) {
        completed.add(s.ref);
        root.dataset.lastComplete = s.ref;
        if (s.variant !== 'malformed') announceGoal(`emit:${s.variant}`);
      }
    }
    view.render(state);
  };

  const logHop = (hop: Hop) =>
    ui.log(describeHop(hop, state), hop.kind === 'refused' ? 'bad' : 'info', {
      kind: hop.kind,
      to: hop.to,
      from: hop.from,
      ref: hop.ref,
    });

  const showConnections = () => {
    if (!session) return;
    chips.replaceChildren(
      ...session.clients.map((c) => {
        const li = document.createElement('li');
        li.dataset.status = c.connection.status;
        li.dataset.client = c.name;
        li.textContent = describeConnection(c.name, c.connection);
        return li;
      }),
    );
    const inLab = session.clients.every((c) => c.lab && c.connection.status === 'connected');
    showConnectionStatus(ui, session.clients, inLab, {
      live: `Live: ${NAMES.length} real connections in lab ${session.labId()}.`,
      waiting: 'Connecting the virtual clients…',
    });
    sendButton.disabled = malformedButton.disabled = !inLab;
  };

  async function start(labId?: string) {
    session?.close();
    state = emptyDiagram();
    drawn.clear();
    update(state);
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'emit-sequence',
      widgetId: root.id,
      names: NAMES,
      labId,
      onConnection: (client) => {
        showConnections();
        if (client.connection.status === 'reconnecting')
          ui.log(describeConnection(client.name, client.connection), 'bad');
      },
      onLab: () => {
        ui.showLab(session?.labId(), () => void start());
        showConnections();
      },
      onError: (message) => ui.log(message, 'bad'),
    });
    for (const client of session.clients) {
      client.socket.on('emit:message', (message) => update(delivered(state, client.name, message, performance.now())));
    }
  }

  async function send(variant: EmitVariant | 'malformed') {
    if (!session) return;
    const data = new FormData(form);
    const sender = String(data.get('sender') ?? 'Alice');
    const client = session.byName(sender);
    if (!client) return;
    const text = variant === 'malformed' ? '' : String(data.get('text') ?? '').trim();
    const input = form.querySelector<HTMLInputElement>('input[name="text"]')!;
    if (variant !== 'malformed' && !text) {
      // Say so rather than send a made-up word: the learner should see their own message cross the wire.
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      ui.log('Nothing sent: the message is empty. Type something to emit.', 'bad', { kind: 'blank' });
      return;
    }
    input.removeAttribute('aria-invalid');
    const ref = `m${++counter}`;
    root.dataset.lastRef = ref;
    update(emitted(state, { ref, sender, senderSocket: client.socket.id, variant, text, at: performance.now() }));
    ui.log(
      variant === 'malformed'
        ? `${sender} sent a malformed "emit:send": variant "sideways", text 42.`
        : `${sender} emitted “${text}”: ${VARIANT_LABEL[variant]}.`,
      'info',
      { kind: 'emit', from: sender, ref },
    );
    const payload = variant === 'malformed' ? { variant: 'sideways', text: 42, ref } : { variant, text, ref };
    const result =
      variant === 'malformed'
        ? await requestUntyped<EmitReceipt>(client.socket, 'emit:send', payload)
        : await request(client.socket, 'emit:send', { variant, text, ref });
    // The receipt names recipients by lab name; only this page's clients (its lanes) can be watched arriving.
    const laneOf = (labName: string) => session?.clients.find((c) => c.lab?.name === labName)?.name;
    update(acknowledged(state, ref, result, performance.now(), laneOf));
    if (!result.ok && variant === 'malformed') announceGoal('emit:malformed');
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void send(String(new FormData(form).get('variant') ?? 'others') as EmitVariant);
  });
  malformedButton.addEventListener('click', () => void send('malformed'));
  clearButton.addEventListener('click', () => {
    state = { ...state, hops: [] };
    view.render(state);
    ui.clearLog();
  });

  void start(labFromUrl(root.id));
}
