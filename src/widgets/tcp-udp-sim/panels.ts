// The HTML beside the diagram: what each application holds at t (one chip per message) and the whole-run
// counters. Text only (textContent), rebuilt cheaply: chips change state in place, never re-created per frame.
import type { Simulation, SimSettings } from '../../lib/sim/index.ts';
import { PROTOS, type Proto } from './layout.ts';
import { ms, type MsgState } from './narrate.ts';
import { formatCounters, describeStrip } from './format.ts';

export function renderStrips(box: HTMLElement, states: Record<Proto, MsgState[]>, t: number): void {
  for (const proto of PROTOS) {
    const section = box.querySelector<HTMLElement>(`[data-app="${proto}"]`)!;
    const strip = section.querySelector<HTMLOListElement>('[data-strip]')!;
    const list = states[proto];
    if (strip.children.length !== list.length) {
      strip.toggleAttribute('data-dense', list.length > 60);
      strip.replaceChildren(
        ...list.map((_, i) => {
          const li = document.createElement('li');
          li.textContent = String(i + 1);
          li.dataset.msg = String(i + 1);
          return li;
        }),
      );
    }
    list.forEach((state, i) => {
      const li = strip.children[i] as HTMLElement;
      if (li.dataset.state !== state) {
        li.dataset.state = state;
        li.title = `message ${i + 1}: ${state === 'late' ? 'received out of order' : state === 'held' ? 'arrived, waiting in the receive buffer' : state === 'missing' ? 'lost, UDP will not resend it' : state === 'pending' ? 'not yet received' : 'received'}`;
      }
    });
    section.querySelector('[data-app-t]')!.textContent = ms(t);
    section.querySelector('[data-app-summary]')!.textContent = describeStrip(proto, list);
  }
}

export function renderCounters(box: HTMLElement, sim: Simulation, settings: SimSettings, factor: number | null): void {
  const cells = formatCounters(sim, settings);
  for (const proto of PROTOS) {
    for (const [key, text] of Object.entries(cells[proto])) {
      const cell = box.querySelector<HTMLElement>(`[data-counter="${proto}-${key}"]`);
      if (cell) cell.textContent = text;
    }
  }
  const reference = box.querySelector<HTMLElement>('[data-reference]')!;
  const done = sim.tcp.counters.completionMs;
  if (factor === null || done === null) {
    reference.textContent = 'TCP did not finish within the 60 s the simulation allows: every retry was lost too.';
  } else if (settings.loss === 0 && !settings.dropFirst) {
    reference.textContent = 'No loss: this is TCP’s best time on this network. Raise the loss and compare.';
  } else {
    reference.textContent = `With no loss, TCP would finish in ${ms(done / factor)}; this run took ${factor.toFixed(1)}× as long.`;
  }
  reference.dataset.factor = factor === null ? '' : factor.toFixed(3);
}
