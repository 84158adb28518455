// Mounts one panel of the security lab (the shell's data-panel says which). Each panel opens its own real
// sockets to the lab's Server, feeds what they report to the model, renders it and writes the event log.
import { frame } from '../../lib/widget/widget-frame.ts';
import { mountAuth } from './panel-auth.ts';
import { mountLimits } from './panel-limits.ts';
import { mountOrigin } from './panel-origin.ts';
import { mountWire } from './panel-wire.ts';

const PANELS = { origin: mountOrigin, auth: mountAuth, limits: mountLimits, wire: mountWire };

export function mount(root: HTMLElement): void {
  const panel = root.querySelector<HTMLElement>('[data-panel]');
  const name = panel?.dataset.panel as keyof typeof PANELS | undefined;
  if (!panel || !name || !(name in PANELS)) return;
  root.dataset.panel = name;
  void PANELS[name](root, panel, frame(root));
}
