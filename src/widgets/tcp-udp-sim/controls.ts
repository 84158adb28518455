// The simulator's HTML form: showing the values the run really uses, and turning the form's events and the
// timeline's optional shortcuts into the player's actions.
import type { SimSettings } from '../../lib/sim/index.ts';
import { withControl, droppedMessage, lossPercent } from './state.ts';

/** Every control shows the value the simulator really uses; `force` also rewrites the one being edited. */
export function syncControls(form: HTMLFormElement, settings: SimSettings, force = false): void {
  const values: Record<string, number> = {
    loss: lossPercent(settings),
    latency: settings.latencyMs,
    jitter: settings.jitterMs,
    window: settings.window,
    messages: settings.messages,
    seed: settings.seed,
    drop: droppedMessage(settings),
  };
  for (const [name, value] of Object.entries(values)) {
    const input = form.elements.namedItem(name) as HTMLInputElement | null;
    if (input && (force || document.activeElement !== input)) input.value = String(value);
    const out = form.querySelector<HTMLOutputElement>(`[data-out="${name}"]`);
    const unit = input?.dataset.unit ?? '';
    if (out) out.textContent = unit === '%' ? `${value}%` : unit ? `${value} ${unit}` : String(value);
  }
  (form.elements.namedItem('drop') as HTMLInputElement).max = String(settings.messages);
}

/** Settings with each value a form control cannot show (beyond its min/max) brought inside that control's range. */
export function withinControls(settings: SimSettings, form: HTMLFormElement): SimSettings {
  const used: Record<string, number> = {
    window: settings.window,
    latency: settings.latencyMs,
    jitter: settings.jitterMs,
  };
  let out = settings;
  for (const [name, value] of Object.entries(used)) {
    const input = form.elements.namedItem(name) as HTMLInputElement | null;
    if (!input || input.type !== 'range') continue;
    const clamped = Math.min(Math.max(value, Number(input.min)), Number(input.max));
    if (clamped !== value) out = withControl(out, name, clamped);
  }
  return out;
}

export type StepDirection = 'forward' | 'back' | 'rewind' | 'end';

export interface ControlActions {
  /** The scrubber is being dragged to `value`. */
  scrub(value: number): void;
  /** The scrubber was let go. */
  scrubbed(): void;
  /** A setting control is being edited (input) or was committed (change). */
  edit(input: HTMLInputElement, committed: boolean): void;
  newSeed(): void;
  togglePlay(): void;
  step(direction: StepDirection): void;
}

export function bindControls(form: HTMLFormElement, scroll: HTMLElement, act: ControlActions): void {
  form.addEventListener('input', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === 't') {
      act.scrub(Number(input.value));
      return;
    }
    if (input.name === 'speed' || input.value === '') return;
    act.edit(input, false);
  });
  form.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    if (input.name === 't') {
      act.scrubbed();
      return;
    }
    if (input.name === 'speed') return;
    act.edit(input, true);
  });
  form.addEventListener('submit', (event) => event.preventDefault());
  form.querySelector('[data-new-seed]')!.addEventListener('click', () => act.newSeed());
  form.querySelector('[data-action="play"]')!.addEventListener('click', () => act.togglePlay());
  for (const action of ['rewind', 'back', 'forward', 'end'] as const) {
    form.querySelector(`[data-action="${action}"]`)!.addEventListener('click', () => act.step(action));
  }

  // Optional shortcuts while the timeline has focus (every one is also a button).
  const KEYS: Record<string, () => void> = {
    ArrowRight: () => act.step('forward'),
    ArrowLeft: () => act.step('back'),
    Home: () => act.step('rewind'),
    End: () => act.step('end'),
    ' ': () => act.togglePlay(),
    k: () => act.togglePlay(),
  };
  scroll.addEventListener('keydown', (event) => {
    const action = KEYS[event.key];
    if (!action || event.altKey || event.ctrlKey || event.metaKey) return;
    event.preventDefault();
    action();
  });
}
