// Mounts the layer mapper: renders the model's state as buttons, and turns picks, placements and drops into
// model updates. Feedback goes to an aria-live status; state is exposed as data-* for tests.
import { announceGoal } from '../../lib/widget/widget-frame.ts';
import { ITEMS, MODELS, type ModelId } from './data.ts';
import { initialState, itemById, itemsIn, judge, layerName, pick, place, score, solved, switchModel, unplaced, type MapperState } from './model.ts';

export function mount(root: HTMLElement): void {
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const tray = $<HTMLUListElement>('[data-items]');
  const layersEl = $<HTMLOListElement>('[data-layers]');
  const feedback = $('[data-feedback]');
  const scoreEl = $('[data-score]');
  const hint = $('[data-hint]');
  let state: MapperState = initialState((root.dataset.model as ModelId) ?? 'osi');
  let focusAfter: string | undefined;

  const chip = (itemId: string, where: 'tray' | 'layer') => {
    const item = itemById(itemId)!;
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'chip';
    b.dataset.item = item.id;
    b.draggable = true;
    b.setAttribute('aria-pressed', String(state.picked === item.id));
    b.textContent = item.label;
    if (where === 'layer') {
      const layerId = state.placed[state.model][item.id];
      const ok = judge(state.model, item.id, layerId).correct;
      b.dataset.correct = String(ok);
      const mark = document.createElement('span');
      mark.className = ok ? 'mark-ok' : 'mark-bad';
      mark.textContent = ok ? ' ✓' : ' ✗';
      mark.setAttribute('aria-hidden', 'true');
      b.append(mark);
      b.title = ok ? 'Right. Pick it to move it.' : 'Not here. Pick it and choose another layer.';
      const sr = document.createElement('span');
      sr.className = 'visually-hidden';
      sr.textContent = ok ? ' (right)' : ' (wrong)';
      sr.style.cssText = 'position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap';
      b.append(sr);
    }
    return b;
  };

  function render() {
    root.dataset.model = state.model;
    root.dataset.picked = state.picked ?? '';
    tray.replaceChildren(...unplaced(state).map((item) => {
      const li = document.createElement('li');
      li.append(chip(item.id, 'tray'));
      return li;
    }));
    layersEl.replaceChildren(...MODELS[state.model].layers.map((layer) => {
      const li = document.createElement('li');
      li.dataset.layerId = layer.id;
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'place';
      b.dataset.place = layer.id;
      const name = document.createElement('span');
      name.className = 'l-name';
      name.textContent = state.model === 'osi' ? `${layer.number} · ${layer.name}` : layer.name;
      const unit = document.createElement('span');
      unit.className = 'l-unit';
      unit.textContent = layer.unit;
      const job = document.createElement('span');
      job.className = 'l-job';
      job.textContent = layer.job;
      b.append(name, unit, job);
      const placed = document.createElement('ul');
      placed.className = 'placed';
      placed.setAttribute('aria-label', `Placed in ${layerName(state.model, layer.id)}`);
      placed.append(...itemsIn(state, layer.id).map((item) => {
        const pli = document.createElement('li');
        pli.append(chip(item.id, 'layer'));
        return pli;
      }));
      li.append(b, placed);
      return li;
    }));
    const s = score(state);
    scoreEl.textContent = `${s.placed} of ${s.total} placed, ${s.correct} right.`;
    root.dataset.placed = String(s.placed);
    root.dataset.correct = String(s.correct);
    hint.textContent = state.picked ? `(where does ${itemById(state.picked)?.label} go?)` : '(pick an item first)';
    if (focusAfter) {
      root.querySelector<HTMLElement>(focusAfter)?.focus();
      focusAfter = undefined;
    }
    if (s.correct === s.total) announceGoal(`layers:${state.model}-complete`);
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
    focusAfter = nextItem ? `[data-items] [data-item="${nextItem.id}"]` : `[data-layer-id="${layerId}"] [data-item="${itemId}"]`;
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
      say(state.picked ? `Picked ${itemById(id)?.label}. Now pick a layer.` : 'Nothing picked.', '');
      focusAfter = `.chip[data-item="${id}"]`;
      render();
    } else if (layer) {
      if (!state.picked) {
        say('Pick an item first, then the layer it belongs in.', '');
        return;
      }
      doPlace(state.picked, layer.dataset.place!);
    }
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
    state = solved(state);
    say(`Every item is now in its layer of ${MODELS[state.model].title}. Read the reasons by placing one elsewhere, or start over.`, '');
    render();
  });
  $('[data-reset]').addEventListener('click', () => {
    state = { ...state, placed: { ...state.placed, [state.model]: {} }, picked: undefined };
    say('Cleared. Pick an item to start.', '');
    render();
  });

  render();
  root.dataset.state = 'ready';
  root.dataset.items = String(ITEMS.length);
}
