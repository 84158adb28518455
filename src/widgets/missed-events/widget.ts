// Mounts the missed-events lab: three virtual clients in one lab, a numbered stream from the server, network
// controls per client, and a strategy for getting missed events back. Socket events → model → view; the event
// log says in words what the lanes show. Loaded only when the widget scrolls into view. This file only wires the
// parts: lab-state.ts (the state object), session.ts (clients and stream), hooks.ts (socket events), status.ts,
// controls.ts (the learner's buttons).
import { bindControls } from './controls.ts';
import { createLabState } from './lab-state.ts';
import { configure, restart } from './session.ts';

export function mount(root: HTMLElement): void {
  const lab = createLabState(root);
  bindControls(lab);
  // The server's own count, even while no event arrives (all clients away, or the stream stopped).
  // Each client asks over its own connection: the answer arrives after every event sent before it, so the count
  // it carries is one that lane can be judged against without in-flight events showing as missed.
  setInterval(() => {
    if (lab.strategy !== 'acks') for (const c of lab.clients) void configure(lab, {}, c);
  }, 1000);
  void restart(lab, lab.labId);
}
