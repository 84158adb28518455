// Mounts the layer mapper: turns picks, placements and drops into model updates and has view.ts draw the result.
// Feedback goes to an aria-live status; state is exposed as data-* for tests.
import { announceGoal } from '../../lib/widget/widget-frame.ts';
import { ITEMS, MODELS, type ModelId } from './data.ts';
import { initialState, itemById, pick, place, solved, switchModel, unplaced, type MapperState } from './model.ts';
import { drawMapper } from './view.ts';

export function mount(root: HTMLElement): void {
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const feedback = $('[data-feedback]');
  let state: MapperState = initialState((root.dataset.model as ModelId) ?? 'osi');
  let focusAfter: string | undefined;

  // Models whose answers were revealed: completing them then is reading, not doing, so it ticks nothing
  // until "Start over".
  const revealed = new Set<ModelId>();

  function render() {
    const s = drawMapper(root, state, focusAfter);
    focusAfter = undefined;
    if (s.correct === s.total && !revealed.has(state.model)) announceGoal(`layers:${state.model}-complete`);
  }

  function say(text: string, verdict: 'right' | 'wrong' | '') {
    feedback.textContent = text;
    feedback.dataset.verdict = verdict;
  }

  function doPlace(itemId: string, layerId: string) {
    const r = place(state, itemId, layerId);
    state = r.state;
    say(r.verdict.message, r.verdict.correct ? 'right' : 'wrong');
    root.dataset.lastVerdict = r.verdict.correct ? 'right' : 'wrong';
    root.dataset.lastItem = itemId;
    // Keep the keyboard where the learner is: on the next item to place, else on the placed chip.
    const nextItem = unplaced(state)[0];
    focusAfter = nextItem
      ? `[data-items] [data-item="${nextItem.id}"]`
      : `[data-layer-id="${layerId}"] [data-item="${itemId}"]`;
    render();
    if (!r.verdict.correct) announceGoal('layers:explained');
  }

  root.addEventListener('click', (e) => {
    const t = e.target as HTMLElement;
    const item = t.closest<HTMLElement>('.chip');
    const layer = t.closest<HTMLElement>('[data-place]');
    if (item) {
      const id = item.dataset.item!;
      state = pick(state, state.picked === id ? undefined : id);
      say(
        state.picked
          ? `Picked ${itemById(id)?.label}. Now pick a layer (arrow keys move between layers).`
          : 'Nothing picked.',
        '',
      );
      // Picked: straight to the layers, so a keyboard placement is Enter, a few arrows, Enter.
      focusAfter = state.picked
        ? `.place[data-place="${root.dataset.layerFocus ?? firstLayer()}"]`
        : `.chip[data-item="${id}"]`;
      render();
    } else if (layer) {
      if (!state.picked) {
        say('Pick an item first, then the layer it belongs in.', '');
        return;
      }
      doPlace(state.picked, layer.dataset.place!);
    }
  });

  const firstLayer = () => root.querySelector<HTMLElement>('.place')?.dataset.place ?? '';
  // Arrow keys inside the tray and inside the layers (each one Tab stop, see rove() in view.ts).
  const STEP: Record<string, number> = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 };
  root.addEventListener('keydown', (e) => {
    const t = e.target as HTMLElement;
    const group = t.matches('.place') ? '.place' : t.matches('[data-items] .chip') ? '[data-items] .chip' : null;
    if (!group) return;
    const els = [...root.querySelectorAll<HTMLElement>(group)];
    const at = els.indexOf(t);
    let next: number | undefined;
    if (e.key in STEP) next = (at + STEP[e.key]! + els.length) % els.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = els.length - 1;
    if (next === undefined) return;
    e.preventDefault();
    for (const el of els) el.tabIndex = -1;
    els[next]!.tabIndex = 0;
    els[next]!.focus();
    if (group === '.place') root.dataset.layerFocus = els[next]!.dataset.place;
  });

  // Drag and drop is an extra; the buttons do everything.
  root.addEventListener('dragstart', (e) => {
    const item = (e.target as HTMLElement).closest<HTMLElement>('.chip');
    if (item && e.dataTransfer) e.dataTransfer.setData('text/plain', item.dataset.item!);
  });
  root.addEventListener('dragover', (e) => {
    const li = (e.target as HTMLElement).closest<HTMLElement>('[data-layer-id]');
    if (!li) return;
    e.preventDefault();
    root.querySelectorAll('.drag-over').forEach((el) => el.classList.remove('drag-over'));
    li.classList.add('drag-over');
  });
  root.addEventListener('drop', (e) => {
    const li = (e.target as HTMLElement).closest<HTMLElement>('[data-layer-id]');
    const id = e.dataTransfer?.getData('text/plain');
    root.querySelectorAll('.drag-over').forEach((el) => el.classList.remove('drag-over'));
    if (!li || !id || !itemById(id)) return;
    e.preventDefault();
    doPlace(id, li.dataset.layerId!);
  });

  root.querySelectorAll<HTMLInputElement>('input[type=radio]').forEach((r) =>
    r.addEventListener('change', () => {
      state = switchModel(state, r.value as ModelId);
      say(`Now placing into ${MODELS[state.model].title}. Your placements in the other model are kept.`, '');
      render();
    }),
  );
  $('[data-solve]').addEventListener('click', () => {
    revealed.add(state.model);
    root.dataset.revealed = [...revealed].join(' ');
    state = solved(state);
    say(
      `Every item is now in its layer of ${MODELS[state.model].title}. Read the reasons by placing one elsewhere, or start over.`,
      '',
    );
    render();
  });
  $('[data-reset]').addEventListener('click', () => {
    state = { ...state, placed: { ...state.placed, [state.model]: {} }, picked: undefined };
    revealed.delete(state.model);
    root.dataset.revealed = [...revealed].join(' ');
    say('Cleared. Pick an item to start.', '');
    render();
  });

  render();
  root.dataset.state = 'ready';
  root.dataset.items = String(ITEMS.length);
}
