// The learner's controls: the settings form (strategy, rate, drop, the acks toggles), the run and reset
// buttons, and each lane's own buttons (drop, flaky, reload, send orders).
import type { LabClient } from './clients.ts';
import { clampRate, emptyModelKeepingCount, ORDERS_PER_CLICK, render, saveUrl, type MissedLab } from './lab-state.ts';
import { clientSent, STRATEGY_LABEL, type Strategy } from './model.ts';
import { configure, restart } from './session.ts';

export function bindControls(lab: MissedLab): void {
  const { root, ui, form, rateInput, dropSelect } = lab;
  form.addEventListener('change', (e) => {
    const t = e.target as HTMLInputElement;
    if (t.name === 'strategy') {
      lab.strategy = t.value as Strategy;
      saveUrl(lab);
      ui.log(`Strategy: ${STRATEGY_LABEL[lab.strategy]}. The clients reconnect fresh.`, 'info');
      void restart(lab, lab.labId);
    } else if (t.name === 'rate') {
      rateInput.value = String(clampRate(lab, rateInput.value));
      saveUrl(lab);
      void configure(lab, { rate: Number(rateInput.value) });
    } else if (t.name === 'drop') saveUrl(lab);
    else if (t.name === 'dropFirstAck' || t.name === 'dedupe') void configure(lab, { [t.name]: t.checked });
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  lab.runButton.addEventListener(
    'click',
    () => void configure(lab, { running: !lab.running, rate: Number(rateInput.value) }),
  );
  root.querySelector<HTMLButtonElement>('[data-reset]')!.addEventListener('click', () => {
    lab.model = emptyModelKeepingCount(lab);
    ui.clearLog();
    render(lab);
  });

  root.querySelector('[data-lanes]')!.addEventListener('click', (e) => {
    const button = (e.target as Element).closest<HTMLButtonElement>('button[data-act]');
    if (!button) return;
    const name = button.closest<HTMLElement>('[data-lane]')!.dataset.lane!;
    const client = lab.clients.find((c) => c.name === name);
    if (!client) return;
    const act = button.dataset.act;
    if (act === 'drop') client.drop(Number(dropSelect.value));
    else if (act === 'flaky') client.flaky();
    else if (act === 'reload') client.reload();
    else if (act === 'send') void sendOrders(lab, client);
  });
}

/** The acks strategy: a client emits ORDERS_PER_CLICK events with retries, each under its own idempotency key. */
async function sendOrders(lab: MissedLab, client: LabClient): Promise<void> {
  const { ui } = lab;
  const gen = lab.generation;
  lab.model = clientSent(lab.model, client.name, ORDERS_PER_CLICK);
  render(lab);
  const offline = client.connected() ? '' : ' while offline: the client buffers them';
  ui.log(`${client.name} emits ${ORDERS_PER_CLICK} events with retries${offline}.`, 'info', {
    kind: 'order',
    client: client.name,
  });
  const sends: Array<Promise<unknown>> = [];
  for (let i = 0; i < ORDERS_PER_CLICK; i++) {
    const seq = (lab.orderSeq.get(client.name) ?? 0) + 1;
    lab.orderSeq.set(client.name, seq);
    sends.push(client.order(`${lab.pageId}-${client.name}-${seq}`, seq));
  }
  await Promise.all(sends);
  if (gen === lab.generation)
    ui.log(`${client.name}: all ${ORDERS_PER_CLICK} events acknowledged.`, 'ok', {
      kind: 'acked',
      client: client.name,
    });
}
