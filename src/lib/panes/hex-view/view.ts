// The hex + ASCII pane shared by the byte widgets. One grid of focusable bytes (roving tabindex, arrow keys),
// an ASCII column, and two-way highlighting: the widget tells the pane which bytes to light, and the pane
// reports which byte the pointer or focus is on. Text only, never HTML.
// A pane, not a widget: it has no shell, no frame and no socket, and two widgets (down-the-stack, packet-dissector)
// embed it, so it lives under src/lib/panes/ beside the other shared code rather than among src/widgets/.
import { describeCell, moveFocus, offsetText, rows, type HexModel } from './model.ts';

export interface HexPaneOptions {
  label: string;
  /** Pointer or focus is on this byte (undefined: left the grid). */
  onPoint(index: number | undefined, via: 'hover' | 'focus'): void;
  /** Enter or Space or a click on a byte. */
  onActivate?(index: number): void;
  /** Extra classes per byte (e.g. "added" for the bytes this layer added). */
  classify?(index: number): string[];
}

export interface HexPane {
  render(model: HexModel): void;
  highlight(bytes: Iterable<number>): void;
  focusByte(index: number): void;
}

export function createHexPane(container: HTMLElement, options: HexPaneOptions): HexPane {
  let model: HexModel | undefined;
  let current = 0;
  let cells: HTMLElement[] = [];
  let chars: HTMLElement[] = [];
  const grid = document.createElement('div');
  grid.className = 'hex-grid';
  grid.setAttribute('role', 'grid');
  grid.setAttribute('aria-label', options.label);
  container.replaceChildren(grid);

  const byteOf = (el: EventTarget | null): number | undefined => {
    const b = (el as HTMLElement | null)?.closest?.('[data-byte]') as HTMLElement | null;
    return b ? Number(b.dataset.byte) : undefined;
  };

  grid.addEventListener('mouseover', (e) => {
    const i = byteOf(e.target);
    if (i !== undefined) options.onPoint(i, 'hover');
  });
  grid.addEventListener('mouseleave', () => options.onPoint(undefined, 'hover'));
  grid.addEventListener('focusin', (e) => {
    const i = byteOf(e.target);
    if (i === undefined) return;
    setCurrent(i);
    options.onPoint(i, 'focus');
  });
  grid.addEventListener('click', (e) => {
    const i = byteOf(e.target);
    if (i !== undefined) options.onActivate?.(i);
  });
  grid.addEventListener('keydown', (e) => {
    if (!model) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      options.onActivate?.(current);
      return;
    }
    const next = moveFocus(model, current, e.key);
    if (next === null) return;
    e.preventDefault();
    focusByte(next);
  });

  function setCurrent(i: number) {
    cells[current]?.setAttribute('tabindex', '-1');
    current = i;
    cells[current]?.setAttribute('tabindex', '0');
  }

  function focusByte(i: number) {
    setCurrent(i);
    cells[i]?.focus();
  }

  return {
    render(next) {
      model = next;
      cells = [];
      chars = [];
      if (current >= next.cells.length) current = 0;
      grid.replaceChildren(
        ...rows(next).map((row) => {
          const r = document.createElement('div');
          r.className = 'hex-row';
          r.setAttribute('role', 'row');
          const off = document.createElement('span');
          off.className = 'hex-offset';
          off.setAttribute('role', 'rowheader');
          off.textContent = offsetText(row[0].index);
          off.setAttribute('aria-label', `Offset ${row[0].index}`);
          const ascii = document.createElement('span');
          ascii.className = 'hex-ascii';
          ascii.setAttribute('aria-hidden', 'true');
          const cellEls = row.map((cell) => {
            const c = document.createElement('span');
            c.className = ['hex-byte', ...(options.classify?.(cell.index) ?? [])].join(' ');
            c.setAttribute('role', 'gridcell');
            c.tabIndex = cell.index === current ? 0 : -1;
            c.dataset.byte = String(cell.index);
            if (cell.layer) c.dataset.layer = cell.layer;
            c.setAttribute('aria-label', describeCell(next, cell.index));
            c.textContent = cell.hex;
            cells.push(c);
            const ch = document.createElement('span');
            ch.dataset.byte = String(cell.index);
            if (cell.layer) ch.dataset.layer = cell.layer;
            ch.textContent = cell.ascii;
            chars.push(ch);
            ascii.append(ch);
            return c;
          });
          r.append(off, ...cellEls, ascii);
          return r;
        }),
      );
    },
    highlight(bytes) {
      const on = new Set(bytes);
      cells.forEach((c, i) => c.classList.toggle('hl', on.has(i)));
      chars.forEach((c, i) => c.classList.toggle('hl', on.has(i)));
      grid.dataset.highlighted = String(on.size);
    },
    focusByte,
  };
}

/** 16 bytes a row where there is room (as capture tools show them), else 8, so a phone needs no sideways scroll. */
export function hexWidth(container: HTMLElement): number {
  return container.clientWidth >= 600 ? 16 : 8;
}
