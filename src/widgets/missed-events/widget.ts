// Mounts the missed-events lab: three virtual clients in one lab, a numbered stream from the server, network
// controls per client, and a strategy for getting missed events back. Socket events → model → view; the event
// log says in words what the lanes show. Loaded only when the widget scrolls into view.
import type { EffectEvent, MissedStatus } from '../../contract/index.ts';
import { frame, announceGoal } from '../../lib/widget/widget-frame.ts';
import { describeConnection } from '../../lib/socket/connection-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { setupLink } from '../../lib/widget/setup-link.ts';
import { request } from '../../lib/socket/virtual-clients.ts';
import { openClient, type ClientHooks, type LabClient } from './clients.ts';
import {
  cameBack,
  clampRate as clampRateTo,
  clientSent,
  describeGaps,
  describeReturn,
  emptyModel,
  receive,
  retried,
  serverSent,
  STRATEGIES,
  STRATEGY_LABEL,
  summarize,
  wentAway,
  type LabModel,
  type Strategy,
} from './model.ts';
import { createLaneView } from './view.ts';
import { describeSettingsChange } from './settings-change.ts';

const NAMES = ['Alice', 'Bob', 'Carol'];
const DROPS = [1, 2, 3, 5, 10, 15];
const ORDERS_PER_CLICK = 5;

export function mount(root: HTMLElement): void {
  const setup = setupLink(root);
  const ui = frame(root);
  const view = createLaneView(root);
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const form = q<HTMLFormElement>('form[data-controls]');
  const rateInput = q<HTMLInputElement>('input[name="rate"]');
  const dropSelect = q<HTMLSelectElement>('select[name="drop"]');
  const runButton = q<HTMLButtonElement>('[data-run]');
  const dropFirst = q<HTMLInputElement>('input[name="dropFirstAck"]');
  const dedupe = q<HTMLInputElement>('input[name="dedupe"]');
  const pageId = Math.random().toString(36).slice(2, 8);

  const saved = setup.saved;
  let strategy: Strategy = (STRATEGIES as readonly string[]).includes(saved.strategy ?? '')
    ? (saved.strategy as Strategy)
    : ((root.dataset.initialStrategy as Strategy) ?? 'none');
  const clampRate = (raw: string) => clampRateTo(raw, Number(rateInput.max) || 20);
  rateInput.value = String(clampRate(saved.rate ?? rateInput.value));
  if (saved.drop && DROPS.includes(Number(saved.drop))) dropSelect.value = saved.drop;
  const strategyInput = form.querySelector<HTMLInputElement>(`input[name="strategy"][value="${strategy}"]`);
  if (strategyInput) strategyInput.checked = true;
  else strategy = 'none';

  let model: LabModel = emptyModel(NAMES);
  let clients: LabClient[] = [];
  let labId: string | undefined = labFromUrl(root.id);
  let running = false;
  let generation = 0;
  const seenEffects = new Set<string>();
  const orderSeq = new Map<string, number>();
  let frameRequested = false;

  const render = () => {
    if (frameRequested) return;
    frameRequested = true;
    requestAnimationFrame(() => {
      frameRequested = false;
      view.render(model, strategy);
      root.dataset.serverSent = String(model.serverSent);
    });
  };

  const saveUrl = () => setup.save({ strategy, rate: rateInput.value, drop: dropSelect.value });

  const loggedChanges = new Set<string>();
  const showStatus = (s: MissedStatus, via?: string) => {
    // Every client of this page gets the broadcast: log each change once, with who made it (maybe another page).
    const said = s.change && !loggedChanges.has(s.change.id) ? describeSettingsChange(s.change) : undefined;
    if (s.change) loggedChanges.add(s.change.id);
    if (loggedChanges.size > 200) loggedChanges.delete(loggedChanges.values().next().value!);
    if (said) ui.log(said, 'info', { kind: 'settings', by: s.change!.by });
    running = s.running;
    root.dataset.running = String(s.running);
    root.dataset.rate = String(s.rate);
    runButton.textContent = s.running ? 'Stop the stream' : 'Start the stream';
    dropFirst.checked = s.dropFirstAck;
    dedupe.checked = s.dedupe;
    if (strategy !== 'acks') model = serverSent(model, s.sent, via); // acks lanes count the client's own events
    root.dataset.serverSent = String(model.serverSent);
    render();
  };

  const showConnections = () => {
    for (const c of clients) {
      const v = c.socket() ? { status: c.connected() ? 'connected' : 'offline' } : { status: 'offline' };
      const li = root.querySelector<HTMLElement>(`[data-lane="${c.name}"]`)!;
      li.dataset.status = v.status;
    }
    const all = clients.length === NAMES.length && clients.every((c) => c.connected());
    if (all)
      ui.setState(
        'connected',
        `Live: ${NAMES.length} real connections in lab ${labId ?? '…'} · ${STRATEGY_LABEL[strategy]}.`,
      );
    else if (root.dataset.state === 'connected' || root.dataset.state === 'partial')
      ui.setState('partial', 'Some clients are offline: watch their lanes.');
  };

  const hooks = (gen: number): ClientHooks => ({
    onConnection: (c) => {
      if (gen !== generation) return;
      const el = root.querySelector<HTMLElement>(`[data-lane="${c.name}"] [data-conn]`);
      if (el) el.textContent = describeConnection(c.name, c.connection);
      showConnections();
    },
    onLabId: (id) => {
      if (gen !== generation) return;
      labId = id;
      ui.showLab(id, () => void restart(undefined));
    },
    onEvent: (name, event, replayed) => {
      if (gen !== generation || strategy === 'acks') return;
      const { model: next, arrival } = receive(model, name, event.seq, { replayed });
      model = next;
      if (arrival === 'duplicate')
        ui.log(`${name} received #${event.seq} a second time: a duplicate.`, 'bad', {
          kind: 'duplicate',
          client: name,
        });
      render();
    },
    onEffect: (effect: EffectEvent) => onEffect(gen, effect),
    onStatus: (s, name) => gen === generation && showStatus(s, name),
    onAway: (name, cause, reason) => {
      if (gen !== generation) return;
      model = wentAway(model, name, { cause, reason, startedAt: performance.now() });
      ui.log(
        cause === 'reload'
          ? `${name}’s page reloads: its Socket is gone.`
          : `${name} lost its connection (“${reason}”). The client will reconnect by itself.`,
        'bad',
        { kind: 'away', client: name },
      );
      render();
      showConnections();
    },
    onBack: (name, recovered) => {
      if (gen !== generation) return;
      model = cameBack(model, name, performance.now(), recovered);
      const lane = model.lanes.find((l) => l.name === name)!;
      ui.log(describeReturn(name, lane.outages[lane.outages.length - 1]!, strategy), recovered ? 'ok' : 'info', {
        kind: 'back',
        client: name,
        recovered: String(recovered),
      });
      if (recovered) announceGoal('missed:recovered');
      render();
      // The lane settles a moment later (recovered packets, replays): report it then.
      setTimeout(() => reportLane(gen, name), 1200);
    },
    onSubscribed: (name, result) => {
      if (gen !== generation) return;
      model = serverSent(model, result.status.sent, name);
      if (result.replayed > 0 || result.truncated) {
        ui.log(
          `${name} asked for what it missed: the server replayed ${result.replayed} event(s) from its log${result.truncated ? ', but some had already been trimmed from the log: those are gone' : ''}.`,
          result.truncated ? 'bad' : 'ok',
          { kind: 'replay', client: name },
        );
      }
      render();
    },
    onError: (message) => ui.log(message, 'bad'),
  });

  function reportLane(gen: number, name: string) {
    if (gen !== generation) return;
    const lane = model.lanes.find((l) => l.name === name)!;
    const s = summarize(lane);
    if (strategy === 'acks') return;
    ui.log(
      `${name}’s lane now: ${s.missed} missed (${describeGaps(lane)}), ${s.recovered} recovered, ${s.duplicates} duplicates; the server has sent ${s.serverSent}.`,
      s.missed ? 'bad' : 'ok',
      { kind: 'lane', client: name },
    );
    const outage = lane.outages[lane.outages.length - 1];
    if (s.missed > 0 && strategy === 'none') announceGoal('missed:gap');
    if (s.missed === 0 && strategy === 'offset' && outage?.cause === 'reload') announceGoal('missed:replay');
  }

  function onEffect(gen: number, effect: EffectEvent) {
    if (gen !== generation || strategy !== 'acks') return;
    const id = `${effect.key}:${effect.attempt}`;
    if (seenEffects.has(id) || !effect.key.startsWith(`${pageId}-`)) return; // every client hears each effect once
    seenEffects.add(id);
    const name = effect.key.split('-')[1] ?? '';
    if (effect.attempt > 1) model = retried(model, name);
    if (effect.deduped) {
      ui.log(
        `The server recognised ${name}’s #${effect.seq} (attempt ${effect.attempt}) by its key and did not apply it again.`,
        'ok',
        { kind: 'deduped', client: name },
      );
      announceGoal('missed:dedupe');
    } else {
      model = receive(model, name, effect.seq).model;
      if (effect.applied > 1)
        ui.log(
          `The server applied ${name}’s #${effect.seq} AGAIN (attempt ${effect.attempt}): the effect happened ${effect.applied} times.`,
          'bad',
          { kind: 'effect', client: name },
        );
    }
    render();
  }

  async function restart(share: string | undefined) {
    const gen = ++generation;
    for (const c of clients) c.close();
    clients = [];
    model = emptyModel(NAMES);
    seenEffects.clear();
    root.dataset.strategy = strategy;
    root.querySelectorAll<HTMLElement>('[data-acks-only]').forEach((el) => (el.hidden = strategy !== 'acks'));
    root.querySelectorAll<HTMLElement>('[data-stream-only]').forEach((el) => (el.hidden = strategy === 'acks'));
    render();
    ui.setState('loading', 'Connecting…');
    labId = share;
    const h = hooks(gen);
    const first = await openClient(NAMES[0]!, strategy, labId, h);
    if (gen !== generation) return first.close();
    clients.push(first);
    // The first client makes the lab; the others join it once it exists.
    while (!labId && gen === generation) await new Promise((r) => setTimeout(r, 50));
    if (gen !== generation) return;
    const isNewLab = !share;
    for (const name of NAMES.slice(1)) {
      const c = await openClient(name, strategy, labId, h);
      if (gen !== generation) return c.close();
      clients.push(c);
    }
    await ask(isNewLab && strategy !== 'acks' ? { running: true, rate: Number(rateInput.value) } : {});
    showConnections();
  }

  /** missed:configure (or missed:status, with no patch) through a connected client; the answer is about its lane. */
  async function ask(patch: Record<string, unknown>, via?: LabClient): Promise<MissedStatus | undefined> {
    const c = via ?? clients.find((x) => x.connected());
    const socket = c?.socket();
    if (!c || !socket?.connected) return undefined;
    const event = Object.keys(patch).length ? 'missed:configure' : 'missed:status';
    const res = await request(socket, event, patch);
    if (!res.ok) ui.log(res.error, 'bad');
    if (res.ok) showStatus(res.data, c.name);
    return res.ok ? res.data : undefined;
  }

  form.addEventListener('change', (e) => {
    const t = e.target as HTMLInputElement;
    if (t.name === 'strategy') {
      strategy = t.value as Strategy;
      saveUrl();
      ui.log(`Strategy: ${STRATEGY_LABEL[strategy]}. The clients reconnect fresh.`, 'info');
      void restart(labId);
    } else if (t.name === 'rate') {
      rateInput.value = String(clampRate(rateInput.value));
      saveUrl();
      void ask({ rate: Number(rateInput.value) });
    } else if (t.name === 'drop') saveUrl();
    else if (t.name === 'dropFirstAck' || t.name === 'dedupe') void ask({ [t.name]: t.checked });
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  runButton.addEventListener('click', () => void ask({ running: !running, rate: Number(rateInput.value) }));
  q<HTMLButtonElement>('[data-reset]').addEventListener('click', () => {
    model = { ...emptyModel(NAMES), serverSent: model.serverSent };
    ui.clearLog();
    render();
  });

  root.querySelector('[data-lanes]')!.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-act]');
    if (!button) return;
    const name = button.closest<HTMLElement>('[data-lane]')!.dataset.lane!;
    const client = clients.find((c) => c.name === name);
    if (!client) return;
    const act = button.dataset.act;
    if (act === 'drop') client.drop(Number(dropSelect.value));
    else if (act === 'flaky') client.flaky();
    else if (act === 'reload') client.reload();
    else if (act === 'send') void sendOrders(client);
  });

  async function sendOrders(client: LabClient) {
    const gen = generation;
    model = clientSent(model, client.name, ORDERS_PER_CLICK);
    render();
    ui.log(
      `${client.name} emits ${ORDERS_PER_CLICK} events with retries${client.connected() ? '' : ' while offline: the client buffers them'}.`,
      'info',
      { kind: 'order', client: client.name },
    );
    const sends: Array<Promise<unknown>> = [];
    for (let i = 0; i < ORDERS_PER_CLICK; i++) {
      const seq = (orderSeq.get(client.name) ?? 0) + 1;
      orderSeq.set(client.name, seq);
      sends.push(client.order(`${pageId}-${client.name}-${seq}`, seq));
    }
    await Promise.all(sends);
    if (gen === generation)
      ui.log(`${client.name}: all ${ORDERS_PER_CLICK} events acknowledged.`, 'ok', {
        kind: 'acked',
        client: client.name,
      });
  }

  // The server's own count, even while no event arrives (all clients away, or the stream stopped).
  // Each client asks over its own connection: the answer arrives after every event sent before it, so the count
  // it carries is one that lane can be judged against without in-flight events showing as missed.
  setInterval(() => {
    if (strategy !== 'acks') for (const c of clients) void ask({}, c);
  }, 1000);
  for (const v of DROPS)
    if (!dropSelect.querySelector(`option[value="${v}"]`)) dropSelect.add(new Option(`${v} s`, String(v)));
  void restart(labId);
}
