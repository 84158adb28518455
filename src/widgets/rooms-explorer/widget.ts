// Mounts the rooms explorer: four virtual clients in a lab; checkboxes make the server join/leave rooms; Fire asks
// the sender's socket to run one cheatsheet variant; every arrival is recorded per real socket, and once each
// client has answered a round trip (so nothing more can be on its way) the result is compared with recipients().
// Glue only: explorer.ts holds the state, lab.ts the lab session, fire.ts one emit, render.ts the drawing,
// bindings.ts the controls; ask-class.ts and class-question.ts are the two sides of asking a class.
import { applyFormState } from '../../lib/widget/form-state.ts';
import { labFromUrl } from '../../lib/socket/lab-link.ts';
import { mountAskClass } from './ask-class.ts';
import { bindControls } from './bindings.ts';
import { mountClassQuestion } from './class-question.ts';
import { createExplorer } from './explorer.ts';
import { fire } from './fire.ts';
import { start } from './lab.ts';
import { refreshCode } from './render.ts';
import { SETTINGS } from './settings.ts';

export function mount(root: HTMLElement): void {
  const x = createExplorer(root);
  bindControls(x);
  applyFormState(x.form, x.setup.saved, SETTINGS);
  refreshCode(x);
  mountAskClass(root, () => fire(x, true));
  mountClassQuestion(root);
  void start(x, labFromUrl(root.id));
}
