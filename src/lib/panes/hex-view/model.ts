// The model behind every hex pane: which annotated fields each byte belongs to, and which bytes each field
// covers. Pure (no DOM), so a test can prove that the view explains every byte it shows.
import type { Field, LayerId } from '../../net/fields.ts';
import { fieldMarksText } from '../../net/marks.ts';

export interface HexField {
  id: number;
  field: Field;
  /** First byte the field touches, and one past the last (a 3-bit flag touches one byte). */
  start: number;
  end: number;
  /** The field starts or ends inside a byte (flags, nibbles). */
  partial: boolean;
}

export interface HexCell {
  index: number;
  value: number;
  hex: string;
  ascii: string;
  /** Ids of the fields that claim at least one bit of this byte, outermost layer first. */
  fields: number[];
  layer: LayerId | undefined;
}

export interface HexModel {
  bytes: Uint8Array;
  fields: HexField[];
  cells: HexCell[];
  width: number;
}

const printable = (b: number) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.');

export function hexModel(bytes: Uint8Array, fields: readonly Field[], width = 16): HexModel {
  // Ids are positions in `fields`, so a tree built from the same list can point at them.
  const hexFields: HexField[] = fields.map((field, id) => ({
    id,
    field,
    start: Math.floor(field.bitOffset / 8),
    end: Math.ceil((field.bitOffset + field.bitLength) / 8),
    partial: field.bitOffset % 8 !== 0 || field.bitLength % 8 !== 0,
  }));
  const cells: HexCell[] = Array.from(bytes, (value, index) => ({
    index,
    value,
    hex: value.toString(16).padStart(2, '0'),
    ascii: printable(value),
    fields: [],
    layer: undefined,
  }));
  for (const f of hexFields) {
    if (f.field.bitLength <= 0) continue;
    for (let i = Math.max(0, f.start); i < Math.min(f.end, bytes.length); i++) {
      cells[i].fields.push(f.id);
      cells[i].layer ??= f.field.layer;
    }
  }
  return { bytes, fields: hexFields, cells, width };
}

/** Bytes no field explains. An honest view has none; the tests fail if any appear. */
export function unexplainedBytes(model: HexModel): number[] {
  return model.cells.filter((c) => c.fields.length === 0).map((c) => c.index);
}

/** The bytes a field covers, as indexes. */
export function bytesOfField(model: HexModel, id: number): number[] {
  const f = model.fields[id];
  if (!f) return [];
  const out: number[] = [];
  for (let i = f.start; i < Math.min(f.end, model.bytes.length); i++) out.push(i);
  return out;
}

/** Rows of cells, `width` per row. */
export function rows(model: HexModel): HexCell[][] {
  const out: HexCell[][] = [];
  for (let at = 0; at < model.cells.length; at += model.width) out.push(model.cells.slice(at, at + model.width));
  return out;
}

/** "00 1a" style offset for a row. */
export const offsetText = (offset: number) => offset.toString(16).padStart(4, '0');

/** Words for a screen reader (and tooltip) when a byte has focus: position, value, what it is. */
export function describeCell(model: HexModel, index: number): string {
  const cell = model.cells[index];
  if (!cell) return '';
  const names = cell.fields.map((id) => {
    const f = model.fields[id].field;
    return `${f.name} = ${f.value}${fieldMarksText({ illustrative: f.illustrative })}`;
  });
  const char = cell.ascii !== '.' || cell.value === 0x2e ? `, “${cell.ascii}”` : '';
  // The visible text ("45") leads the name, so speech input and axe's label-content rule find it.
  return `${cell.hex} hex, byte ${index}${char}. ${names.length ? names.join('; ') : 'not explained'}`;
}

/** Where a keyboard move from `index` lands in the grid (arrows, Home/End, PageUp/PageDown); null if not a move. */
export function moveFocus(model: HexModel, index: number, key: string): number | null {
  const n = model.cells.length;
  if (n === 0) return null;
  const w = model.width;
  const rowStart = index - (index % w);
  let next: number;
  switch (key) {
    case 'ArrowRight':
      next = index + 1;
      break;
    case 'ArrowLeft':
      next = index - 1;
      break;
    case 'ArrowDown':
      next = index + w;
      break;
    case 'ArrowUp':
      next = index - w;
      break;
    case 'Home':
      next = rowStart;
      break;
    case 'End':
      next = Math.min(rowStart + w - 1, n - 1);
      break;
    case 'PageDown':
      next = n - 1;
      break;
    case 'PageUp':
      next = 0;
      break;
    default:
      return null;
  }
  return Math.max(0, Math.min(n - 1, next));
}

/** The field a click on a byte selects: the first that claims it (bit fields sharing a byte sit side by side). */
export function primaryField(model: HexModel, index: number): number | undefined {
  const ids = model.cells[index]?.fields ?? [];
  return ids[0];
}
