// What the widget shows of the stream's status and of its clients' connections: the run button, the toggles,
// the server's count, each lane's connection state and the status line.
import type { MissedStatus } from '../../contract/index.ts';
import { NAMES, render, type MissedLab } from './lab-state.ts';
import { serverSent, STRATEGY_LABEL } from './model.ts';
import { describeSettingsChange } from './settings-change.ts';

/** A status from the server (an answer or a broadcast); `via` names the client it reached. */
export function showStatus(lab: MissedLab, s: MissedStatus, via?: string): void {
  const { root, ui, loggedChanges } = lab;
  // Every client of this page gets the broadcast: log each change once, with who made it (maybe another page).
  const said = s.change && !loggedChanges.has(s.change.id) ? describeSettingsChange(s.change) : undefined;
  if (s.change) loggedChanges.add(s.change.id);
  if (loggedChanges.size > 200) loggedChanges.delete(loggedChanges.values().next().value!);
  if (said) ui.log(said, 'info', { kind: 'settings', by: s.change!.by });
  lab.running = s.running;
  root.dataset.running = String(s.running);
  root.dataset.rate = String(s.rate);
  lab.runButton.textContent = s.running ? 'Stop the stream' : 'Start the stream';
  lab.dropFirst.checked = s.dropFirstAck;
  lab.dedupe.checked = s.dedupe;
  // Acks lanes count the client's own events, not the stream's.
  if (lab.strategy !== 'acks') lab.model = serverSent(lab.model, s.sent, via);
  root.dataset.serverSent = String(lab.model.serverSent);
  render(lab);
}

/** Each lane's connection state, and the status line once all three clients are live (or some dropped). */
export function showConnections(lab: MissedLab): void {
  const { root, ui, clients } = lab;
  for (const c of clients) {
    const v = c.socket() ? { status: c.connected() ? 'connected' : 'offline' } : { status: 'offline' };
    const li = root.querySelector<HTMLElement>(`[data-lane="${c.name}"]`)!;
    li.dataset.status = v.status;
  }
  const all = clients.length === NAMES.length && clients.every((c) => c.connected());
  if (all)
    ui.setState(
      'connected',
      `Live: ${NAMES.length} real connections in lab ${lab.labId ?? '…'} · ${STRATEGY_LABEL[lab.strategy]}.`,
    );
  else if (root.dataset.state === 'connected' || root.dataset.state === 'partial')
    ui.setState('partial', 'Some clients are offline: watch their lanes.');
}
