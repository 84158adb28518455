// The dissector's own view: its layer tree pane (the hex pane beside it is shared, src/lib/panes/hex-view/).
// One treeitem per layer, its fields as children. Keyboard as in the WAI-ARIA tree
import type { Field } from '../../lib/net/fields.ts';
import type { TreeNode } from './model.ts';
import { fieldTags } from '../../lib/panes/hex-view/field-tags.ts';

export type TreeTarget = { kind: 'layer'; index: number } | { kind: 'field'; id: number };

export interface TreePane {
  render(nodes: TreeNode[], fields: Field[], layerIds: string[]): void;
  /** Marks (and reveals) the item for this target; focus moves only if `focus` is set. */
  select(target: TreeTarget | undefined, focus?: boolean): void;
  /** Lights items whose bytes the pointer is on, without selecting. */
  mark(fieldIds: number[]): void;
}

export function createTreePane(
  container: HTMLElement,
  on: { select(t: TreeTarget): void; point(t: TreeTarget | undefined): void },
): TreePane {
  const tree = document.createElement('ul');
  tree.className = 'tree';
  tree.setAttribute('role', 'tree');
  tree.setAttribute('aria-label', 'Layers and fields');
  container.replaceChildren(tree);
  let items: HTMLElement[] = [];

  const targetOf = (el: HTMLElement): TreeTarget =>
    el.dataset.field !== undefined
      ? { kind: 'field', id: Number(el.dataset.field) }
      : { kind: 'layer', index: Number(el.dataset.layerIndex) };
  const visible = () => items.filter((el) => !el.closest('[role=group]')?.closest('[aria-expanded=false]'));
  const itemOf = (e: Event) => (e.target as HTMLElement).closest<HTMLElement>('[role=treeitem]');

  function focusItem(el: HTMLElement | undefined) {
    if (!el) return;
    for (const i of items) i.tabIndex = i === el ? 0 : -1;
    el.focus();
  }

  tree.addEventListener('focusin', (e) => {
    const el = itemOf(e);
    if (!el) return;
    for (const i of items) i.tabIndex = i === el ? 0 : -1;
    on.select(targetOf(el));
  });
  tree.addEventListener('click', (e) => {
    const el = itemOf(e);
    if (!el) return;
    // A click on a layer's own line opens or closes it (clicks on its fields land on the field items).
    if (el.dataset.layerIndex !== undefined && (e.target as HTMLElement).closest('.tree-head'))
      el.setAttribute('aria-expanded', String(el.getAttribute('aria-expanded') !== 'true'));
    focusItem(el);
  });
  tree.addEventListener('mouseover', (e) => {
    const el = itemOf(e);
    if (el) on.point(targetOf(el));
  });
  tree.addEventListener('mouseleave', () => on.point(undefined));
  tree.addEventListener('keydown', (e) => {
    const el = itemOf(e);
    if (!el) return;
    const list = visible();
    const at = list.indexOf(el);
    const isLayer = el.dataset.layerIndex !== undefined;
    const open = el.getAttribute('aria-expanded') === 'true';
    let handled = true;
    switch (e.key) {
      case 'ArrowDown':
        focusItem(list[at + 1]);
        break;
      case 'ArrowUp':
        focusItem(list[at - 1]);
        break;
      case 'Home':
        focusItem(list[0]);
        break;
      case 'End':
        focusItem(list[list.length - 1]);
        break;
      case 'ArrowRight':
        if (isLayer && !open) el.setAttribute('aria-expanded', 'true');
        else if (isLayer) focusItem(el.querySelector<HTMLElement>('[role=treeitem]') ?? undefined);
        break;
      case 'ArrowLeft':
        if (isLayer && open) el.setAttribute('aria-expanded', 'false');
        else if (!isLayer) focusItem(el.parentElement?.closest<HTMLElement>('[role=treeitem]') ?? undefined);
        break;
      case 'Enter':
      case ' ':
        if (isLayer) el.setAttribute('aria-expanded', String(!open));
        break;
      default:
        handled = false;
    }
    if (handled) e.preventDefault();
  });

  return {
    render(nodes, fields, layerIds) {
      items = [];
      tree.replaceChildren(
        ...nodes.map((node, n) => {
          const li = document.createElement('li');
          li.setAttribute('role', 'treeitem');
          // Layers start closed, as in capture tools: the stack at a glance; open one to read its fields.
          li.setAttribute('aria-expanded', 'false');
          li.setAttribute('aria-selected', 'false');
          li.dataset.layerIndex = String(node.layerIndex);
          li.dataset.layer = layerIds[n];
          li.tabIndex = n === 0 ? 0 : -1;
          const head = document.createElement('span');
          head.className = 'tree-head';
          const tw = document.createElement('span');
          tw.className = 'twisty';
          tw.setAttribute('aria-hidden', 'true');
          const sw = document.createElement('span');
          sw.className = 'layer-swatch';
          sw.setAttribute('aria-hidden', 'true');
          const title = document.createElement('span');
          title.textContent = `${node.title} (${node.end - node.start} bytes)`;
          head.append(tw, sw, title);
          const group = document.createElement('ul');
          group.setAttribute('role', 'group');
          items.push(li);
          group.append(
            ...node.fieldIds.map((id) => {
              const f = fields[id];
              const fi = document.createElement('li');
              fi.setAttribute('role', 'treeitem');
              fi.setAttribute('aria-selected', 'false');
              fi.dataset.field = String(id);
              fi.dataset.layer = f.layer;
              if (f.status) fi.dataset.status = f.status;
              fi.tabIndex = -1;
              const name = document.createElement('span');
              name.className = 'f-name';
              name.textContent = `${f.name}: `;
              const value = document.createElement('span');
              value.className = 'f-value';
              value.textContent = f.value;
              fi.append(name, value);
              fi.append(...fieldTags(f));
              items.push(fi);
              return fi;
            }),
          );
          li.append(head, group);
          return li;
        }),
      );
    },
    select(target, focus = false) {
      let chosen: HTMLElement | undefined;
      for (const el of items) {
        const t = targetOf(el);
        const on =
          target !== undefined &&
          t.kind === target.kind &&
          (t.kind === 'field'
            ? t.id === (target as { id: number }).id
            : t.index === (target as { index: number }).index);
        el.setAttribute('aria-selected', String(on));
        if (on) chosen = el;
      }
      if (!chosen) return;
      chosen.parentElement?.closest('[role=treeitem]')?.setAttribute('aria-expanded', 'true');
      if (focus) focusItem(chosen);
      else {
        for (const i of items) i.tabIndex = i === chosen ? 0 : -1;
        chosen.scrollIntoView({ block: 'nearest' });
      }
    },
    mark(ids) {
      const on = new Set(ids);
      for (const el of items)
        el.classList.toggle('hl', el.dataset.field !== undefined && on.has(Number(el.dataset.field)));
    },
  };
}
