// Draws the layer mapper's state as buttons: items in the tray, layers with what is placed in each (marked right
// or wrong, in text for screen readers too), the score and the hint. No socket; widget.ts handles the input.
import { MODELS } from './data.ts';
import { itemById, itemsIn, judge, layerName, score, unplaced, type MapperState } from './model.ts';

function chip(state: MapperState, itemId: string, where: 'tray' | 'layer'): HTMLButtonElement {
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
}

/**
 * Draws the tray of unplaced items and each layer with what is placed in it; `focusAfter` (a selector) says where
 * the keyboard goes once redrawn. Returns the score, which it also shows.
 */
export function drawMapper(root: HTMLElement, state: MapperState, focusAfter?: string): ReturnType<typeof score> {
  const $ = <T extends HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
  const tray = $<HTMLUListElement>('[data-items]');
  const layersEl = $<HTMLOListElement>('[data-layers]');
  const scoreEl = $('[data-score]');
  const hint = $('[data-hint]');
  root.dataset.model = state.model;
  root.dataset.picked = state.picked ?? '';
  tray.replaceChildren(
    ...unplaced(state).map((item) => {
      const li = document.createElement('li');
      li.append(chip(state, item.id, 'tray'));
      return li;
    }),
  );
  layersEl.replaceChildren(
    ...MODELS[state.model].layers.map((layer) => {
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
      placed.append(
        ...itemsIn(state, layer.id).map((item) => {
          const pli = document.createElement('li');
          pli.append(chip(state, item.id, 'layer'));
          return pli;
        }),
      );
      li.append(b, placed);
      return li;
    }),
  );
  const s = score(state);
  scoreEl.textContent = `${s.placed} of ${s.total} placed, ${s.correct} right.`;
  root.dataset.placed = String(s.placed);
  root.dataset.correct = String(s.correct);
  hint.textContent = state.picked ? `(where does ${itemById(state.picked)?.label} go?)` : '(pick an item first)';
  // Roving tabindex: the tray and the layers are one Tab stop each; arrow keys move inside them (widget.ts).
  rove([...tray.querySelectorAll<HTMLElement>('.chip')], state.picked ? `[data-item="${state.picked}"]` : undefined);
  rove(
    [...layersEl.querySelectorAll<HTMLElement>('.place')],
    root.dataset.layerFocus ? `[data-place="${root.dataset.layerFocus}"]` : undefined,
  );
  if (focusAfter) root.querySelector<HTMLElement>(focusAfter)?.focus();
  return s;
}

/** One element of a group keeps tabindex 0 (the one matching `current`, else the first); the rest get -1. */
export function rove(group: HTMLElement[], current?: string): void {
  const keep = (current && group.find((el) => el.matches(current))) || group[0];
  for (const el of group) el.tabIndex = el === keep ? 0 : -1;
}
