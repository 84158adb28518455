// The widget's conversation with the lab as a whole: (re)opening the three clients in one lab for the current
// strategy, and asking the server to change or report the stream through one connected client.
import type { MissedStatus } from '../../contract/index.ts';
import { request } from '../../lib/socket/virtual-clients.ts';
import { openClient, type LabClient } from './clients.ts';
import { clientHooks } from './hooks.ts';
import { NAMES, render, type MissedLab } from './lab-state.ts';
import { emptyModel } from './model.ts';
import { showConnections, showStatus } from './status.ts';

/** Closes the clients and opens three new ones in `share` (or in a new lab the first client creates). */
export async function restart(lab: MissedLab, share: string | undefined): Promise<void> {
  const { root, ui, strategy } = lab;
  const gen = ++lab.generation;
  for (const c of lab.clients) c.close();
  lab.clients = [];
  lab.model = emptyModel(NAMES);
  lab.seenEffects.clear();
  root.dataset.strategy = strategy;
  root.querySelectorAll<HTMLElement>('[data-acks-only]').forEach((el) => (el.hidden = strategy !== 'acks'));
  root.querySelectorAll<HTMLElement>('[data-stream-only]').forEach((el) => (el.hidden = strategy === 'acks'));
  render(lab);
  ui.setState('loading', 'Connecting…');
  lab.labId = share;
  const h = clientHooks(lab, gen, (next) => void restart(lab, next));
  const first = await openClient(NAMES[0]!, strategy, lab.labId, h, lab.root.id);
  if (gen !== lab.generation) return first.close();
  lab.clients.push(first);
  // The first client makes the lab; the others join it once it exists.
  while (!lab.labId && gen === lab.generation) await new Promise((r) => setTimeout(r, 50));
  if (gen !== lab.generation) return;
  const isNewLab = !share;
  for (const name of NAMES.slice(1)) {
    const c = await openClient(name, strategy, lab.labId, h, lab.root.id);
    if (gen !== lab.generation) return c.close();
    lab.clients.push(c);
  }
  await configure(lab, isNewLab && strategy !== 'acks' ? { running: true, rate: Number(lab.rateInput.value) } : {});
  showConnections(lab);
}

/** missed:configure (or missed:status, with no patch) through a connected client; the answer is about its lane. */
export async function configure(
  lab: MissedLab,
  patch: Record<string, unknown>,
  via?: LabClient,
): Promise<MissedStatus | undefined> {
  const c = via ?? lab.clients.find((x) => x.connected());
  const socket = c?.socket();
  if (!c || !socket?.connected) return undefined;
  const event = Object.keys(patch).length ? 'missed:configure' : 'missed:status';
  const res = await request(socket, event, patch);
  if (!res.ok) lab.ui.log(res.error, 'bad');
  if (res.ok) showStatus(lab, res.data, c.name);
  return res.ok ? res.data : undefined;
}
