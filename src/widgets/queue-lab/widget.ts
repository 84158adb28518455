// Mounts the queue lab: four virtual clients in a lab (a producer, three consumers), the settings form wired to
// queue:configure and the URL, the producer's buttons to real publishes, lifecycle events into the model, redraws.
import type { QueueBrokerCommand, QueueLabEvent, QueueLabState } from '../../contract/index.ts';
import { announceGoal, frame } from '../../lib/widget/widget-frame.ts';
import { showConnectionStatus } from '../../lib/widget/connection-status.ts';
import { prefersReducedMotion } from '../../lib/widget/island.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { openLabSession, request, type LabSession, type VirtualClient } from '../../lib/socket/virtual-clients.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import { createConsumers, type Consumers } from './consumers.ts';
import { applyEvent, describeEvent, emptyView, redeliveredAfterCrash, type QueueView } from './model.ts';
import {
  brokerSettings,
  describeSettings,
  settingsFromRecord,
  settingsToRecord,
  type LabSettings,
} from './settings.ts';
import { createQueueLabView } from './view.ts';
import { bindConsumerCards, readForm, writeForm } from './controls.ts';
import { BROKER_TEXT, MAX_COMMANDS, formatCommand } from './commands.ts';

const NAMES = ['Producer', 'Ada', 'Ben', 'Cleo'];

export function mount(root: HTMLElement): void {
  const setup = setupLink(root);
  const ui = frame(root);
  // The log scrolls once it fills up; a scrollable region must be reachable from the keyboard.
  root.querySelector<HTMLElement>('[data-log]')?.setAttribute('tabindex', '0');
  const form = root.querySelector<HTMLFormElement>('form[data-settings]')!;
  const summary = root.querySelector<HTMLElement>('[data-summary]')!;
  const dlq = root.querySelector<HTMLUListElement>('[data-dlq]')!;
  const brokerLine = root.querySelector<HTMLElement>('[data-broker]')!;
  const commandsNote = root.querySelector<HTMLElement>('[data-commands-note]')!;
  const commandList = root.querySelector<HTMLOListElement>('[data-commands]')!;
  const commandBox = root.querySelector<HTMLElement>('[data-commands-log]')!;
  // The command log scrolls too: reachable from the keyboard.
  commandBox.setAttribute('tabindex', '0');
  let commandCount = 0;
  const publishButtons = [...root.querySelectorAll<HTMLButtonElement>('[data-publish], [data-poison], [data-twice]')];
  const chart = createQueueLabView(
    root.querySelector<HTMLElement>('[data-depth]')!,
    root.querySelector<HTMLElement>('[data-rows]')!,
    root.querySelector<HTMLElement>('[data-legend]')!,
  );

  let settings: LabSettings = settingsFromRecord(setup.saved);
  let view: QueueView = emptyView();
  let offset = 0; // server clock − page clock, from the latest event
  let session: LabSession | undefined;
  let consumers: Consumers | undefined;
  let syncedLab: string | undefined;
  let counter = 0;
  let labConsumers = 0;
  const announced = new Set<string>();

  writeForm(form, settings);
  summary.textContent = describeSettings(settings);

  const goal = (id: string) => {
    if (announced.has(id)) return;
    announced.add(id);
    announceGoal(id);
  };

  const cards = bindConsumerCards(root, {
    crash: (name) => consumers && consumers.crash(consumers.consumers.find((c) => c.name === name)!),
    freeze: (name) => consumers && consumers.toggleFreeze(consumers.consumers.find((c) => c.name === name)!),
    restart: (name) => consumers && consumers.restart(consumers.consumers.find((c) => c.name === name)!),
  });

  function redraw() {
    chart.render(view, Date.now() + offset);
    root.dataset.version = String(view.version);
    root.dataset.ready = String(view.now?.depth ?? 0);
    root.dataset.inFlight = String(view.now?.inFlight ?? 0);
    root.dataset.deadLetters = String(view.deadLetters.length);
    root.dataset.mode = settings.mode;
    root.dataset.ack = settings.ack ? 'on' : 'off';
    dlq.replaceChildren(
      ...view.deadLetters.map((d) => {
        const li = document.createElement('li');
        li.dataset.id = d.id;
        li.textContent = `“${d.text}” after ${d.attempts} deliver${d.attempts === 1 ? 'y' : 'ies'}`;
        return li;
      }),
    );
    if (consumers) cards.render(consumers.consumers, consumers.held);
  }

  function onEvent(e: QueueLabEvent) {
    if (e.version < view.version) return;
    offset = e.at - Date.now();
    view = applyEvent(view, e);
    const tone =
      e.type === 'acked' ? 'ok' : ['dead-lettered', 'refused', 'dropped', 'requeued'].includes(e.type) ? 'bad' : 'info';
    ui.log(describeEvent(e), tone, {
      type: e.type,
      id: e.messageId,
      consumer: e.consumer ?? '',
      reason: e.reason ?? '',
    });
    if (e.type === 'dead-lettered') goal('queues:dead-letter');
    if (e.type === 'deduped') goal('queues:dedupe');
    if (e.type === 'refused') goal('queues:backpressure');
    const row = view.rows.find((r) => r.id === e.messageId);
    if (e.type === 'redelivered' && row && redeliveredAfterCrash(row)) goal('queues:crash-redelivered');
    if (settings.mode === 'fanout' && row && new Set(row.deliveredTo).size >= 2) goal('queues:fanout');
    redraw();
  }

  /** One Redis command, appended as text (never HTML: it carries the learner's message bodies). */
  function onCommand(c: QueueBrokerCommand) {
    if (c.version < view.version) return;
    const li = document.createElement('li');
    const reply = document.createElement('span');
    reply.className = 'reply';
    reply.textContent = ` → ${c.reply}`;
    li.append(formatCommand(c.args), reply);
    commandList.append(li);
    while (commandList.children.length > MAX_COMMANDS) commandList.firstElementChild!.remove();
    // Follow the newest line, unless the learner has scrolled up to read an older one.
    const nearBottom = commandBox.scrollHeight - commandBox.scrollTop - commandBox.clientHeight < 80;
    if (nearBottom) commandBox.scrollTop = commandBox.scrollHeight;
    root.dataset.commands = String(++commandCount);
    root.dataset.lastCommand = c.args[0] ?? '';
  }

  function showBroker(kind: QueueLabState['broker']) {
    if (root.dataset.broker === kind) return;
    root.dataset.broker = kind;
    const text = BROKER_TEXT[kind];
    brokerLine.textContent = `This lab runs on ${text.name}. ${text.differs}`;
    commandsNote.textContent =
      kind === 'redis-streams'
        ? 'Each command the broker sends to Redis, as it sends it (“…:” stands for this lab’s key ' +
          'prefix; the timer’s polls that find nothing, counters and key expiry are left out).'
        : 'None: the in-memory broker calls no store. Run the demo server with REDIS_URL to see Redis commands here.';
  }

  function onState(state: QueueLabState) {
    if (state.version < view.version) return;
    showBroker(state.broker);
    if (state.version > view.version) {
      const first = view.version === 0;
      consumers?.dropAll();
      view = emptyView(state.version);
      const what = describeSettings({ ...state.settings, processingMs: settings.processingMs });
      ui.log(
        first
          ? `Queue ready. ${what}`
          : `${state.changedBy ?? 'Someone'} changed the settings: a new, empty queue. ${what}`,
        'info',
        { kind: 'settings' },
      );
    }
    labConsumers = state.consumers.length;
    root.dataset.labConsumers = String(labConsumers);
    settings = { ...state.settings, processingMs: settings.processingMs };
    writeForm(form, settings);
    setup.save(settingsToRecord(settings));
    summary.textContent = describeSettings(settings);
    showConnections();
    redraw();
  }

  const producer = (): VirtualClient | undefined => session?.clients[0];

  function showConnections() {
    if (!session) return;
    const all = session.clients;
    const ready = producer()?.lab && producer()?.connection.status === 'connected';
    const mine = consumers?.consumers.filter((c) => c.status === 'up').length ?? 0;
    const others = labConsumers > mine ? ` (${labConsumers} in the lab, with the pages sharing it)` : '';
    showConnectionStatus(ui, all, Boolean(ready && syncedLab), {
      live: () => `Live: a producer and ${mine} consumers${others} in lab ${session!.labId()}.`,
      waiting: 'Connecting the producer and consumers…',
    });
    for (const b of publishButtons) b.disabled = !(ready && syncedLab);
  }

  /** The first time the producer is in a lab: a lab this page made takes our settings; a shared one keeps its own. */
  async function sync(ownLab: boolean) {
    const p = producer();
    const labId = p?.lab?.labId;
    if (!p || !labId || syncedLab === labId) return;
    syncedLab = labId;
    const res = ownLab
      ? await request(p.socket, 'queue:configure', brokerSettings(settings))
      : await request(p.socket, 'queue:state', {});
    if (res.ok) onState(res.data);
    else ui.log(res.error, 'bad');
    showConnections();
  }

  async function start(labId?: string) {
    session?.close();
    consumers?.close();
    syncedLab = undefined;
    view = emptyView();
    ui.setState('loading', 'Connecting…');
    session = await openLabSession({
      kind: 'queue-lab',
      widgetId: root.id,
      names: NAMES,
      labId,
      onConnection: () => {
        showConnections();
        redraw();
      },
      onLab: () => {
        ui.showLab(session?.labId(), () => void start());
        void sync(!labId);
        void consumers?.subscribeReady((m) => ui.log(m, 'bad'));
        showConnections();
      },
      onError: (message) => ui.log(message, 'bad'),
    });
    const p = session.clients[0]!;
    // Lab-wide pushes arrive at every socket in the lab; the producer's copy is the one we draw.
    p.socket.on('queue:event', onEvent);
    p.socket.on('queue:state', onState);
    p.socket.on('queue:command', onCommand);
    consumers = createConsumers(session.clients.slice(1), {
      processingMs: () => settings.processingMs,
      ackMode: () => settings.ack,
      log: (text, tone, data) => ui.log(text, tone, data),
      changed: () => {
        showConnections();
        redraw();
      },
      lost: () => goal('queues:at-most-once'),
    });
  }

  async function publish(text: string, extra: { poison?: boolean; dedupeKey?: string } = {}) {
    const p = producer();
    if (!p) return;
    const res = await request(p.socket, 'queue:publish', { text, ...extra });
    if (!res.ok) ui.log(`Publishing “${text}” failed: ${res.error}`, 'bad');
    else if (res.data.status === 'enqueued') root.dataset.lastPublished = res.data.messageId;
  }

  root.querySelector('[data-publish="1"]')!.addEventListener('click', () => void publish(`job ${++counter}`));
  root.querySelector('[data-publish="5"]')!.addEventListener('click', () => {
    for (let i = 0; i < 5; i++) void publish(`job ${++counter}`);
  });
  root
    .querySelector('[data-poison]')!
    .addEventListener('click', () => void publish(`poison ${++counter}`, { poison: true }));
  root.querySelector('[data-twice]')!.addEventListener('click', async () => {
    const n = ++counter;
    // The same payment sent twice, as a producer retrying after a lost ack would.
    await publish(`payment ${n}`, { dedupeKey: `payment-${n}` });
    await publish(`payment ${n}`, { dedupeKey: `payment-${n}` });
  });

  form.addEventListener('change', async () => {
    const next = readForm(form);
    const brokerChanged = JSON.stringify(brokerSettings(next)) !== JSON.stringify(brokerSettings(settings));
    settings = next;
    setup.save(settingsToRecord(settings));
    summary.textContent = describeSettings(settings);
    const p = producer();
    if (!brokerChanged || !p?.lab) return;
    const res = await request(p.socket, 'queue:configure', brokerSettings(settings));
    if (!res.ok) ui.log(`The server refused those settings: ${res.error}`, 'bad');
  });
  form.addEventListener('submit', (e) => e.preventDefault());

  // The time axis moves with the clock; with reduced motion it only moves when something happens (and slowly).
  setInterval(
    () => {
      if (!document.hidden) chart.render(view, Date.now() + offset);
    },
    prefersReducedMotion() ? 5000 : 500,
  );

  void start(labFromUrl(root.id));
}
