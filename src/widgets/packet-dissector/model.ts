// Pure model for the packet dissector: what to dissect (a sample or pasted hex, with flipped bytes), the
// layer tree, the checksum verdicts, and the URL state that restores it. No DOM.
import { dissect, allFields, type Dissection } from '../../lib/net/dissect.ts';
import type { Field } from '../../lib/net/fields.ts';
import { parseHex } from '../../lib/net/hex.ts';
import { SAMPLES, type Sample } from '../../lib/net/samples.ts';
import { VERDICT_TEXT, type Verdict } from '../../lib/net/marks.ts';
import { count } from '../../lib/plural.ts';

/** Pasted input beyond this many bytes is refused: a jumbo frame is 9000, this keeps the grid quick. */
export const MAX_BYTES = 4096;

export interface DissectorInput {
  /** A sample id, or undefined when the learner pasted hex. */
  sample?: Sample['id'];
  /** Pasted hex text (used when `sample` is undefined). */
  hex?: string;
  /** Byte offsets whose lowest bit the learner flipped, to watch a checksum fail. */
  flips: number[];
}

export type Loaded =
  | { ok: true; bytes: Uint8Array; dissection: Dissection; fields: Field[]; title: string }
  | { ok: false; error: string; position?: number };

export const DEFAULT_INPUT: DissectorInput = { sample: 'tcp-syn', flips: [] };

export function sampleById(id: string | undefined): Sample | undefined {
  return SAMPLES.find((s) => s.id === id);
}

/** Applies flips (each toggles bit 0 of that byte; flipping twice undoes it). */
export function applyFlips(bytes: Uint8Array, flips: readonly number[]): Uint8Array {
  const out = new Uint8Array(bytes);
  for (const at of flips) if (at >= 0 && at < out.length) out[at] ^= 0x01;
  return out;
}

/** Adds or removes a flip at `offset`. */
export function toggleFlip(flips: readonly number[], offset: number): number[] {
  return flips.includes(offset) ? flips.filter((f) => f !== offset) : [...flips, offset].sort((a, b) => a - b);
}

export function load(input: DissectorInput): Loaded {
  let bytes: Uint8Array;
  let title: string;
  const sample = sampleById(input.sample);
  if (sample) {
    bytes = sample.bytes;
    title = sample.title;
  } else {
    const parsed = parseHex(input.hex ?? '');
    if (!parsed.ok) return { ok: false, error: parsed.error, position: parsed.position };
    if (parsed.bytes.length > MAX_BYTES)
      return { ok: false, error: `that is ${parsed.bytes.length} bytes; the dissector takes at most ${MAX_BYTES}` };
    bytes = parsed.bytes;
    title = `Your ${count(bytes.length, 'byte')}`;
  }
  bytes = applyFlips(bytes, input.flips);
  const dissection = dissect(bytes, { start: sample?.start ?? 'auto' });
  return { ok: true, bytes, dissection, fields: allFields(dissection), title };
}

export interface TreeNode {
  layerIndex: number;
  title: string;
  start: number;
  end: number;
  /** Ids into the flat field list (allFields order). */
  fieldIds: number[];
}

/** One node per layer, its fields as children; ids line up with `allFields(dissection)`. */
export function layerTree(d: Dissection): TreeNode[] {
  let id = 0;
  return d.layers.map((layer, layerIndex) => ({
    layerIndex,
    title: layer.title,
    start: layer.byteOffset,
    end: layer.byteOffset + layer.byteLength,
    fieldIds: layer.fields.map(() => id++),
  }));
}

export type { Verdict };

export interface ChecksumVerdict {
  fieldId: number;
  layer: string;
  name: string;
  value: string;
  verdict: Verdict;
}

/** Every checksum field and whether it verified. A fragment's transport checksum cannot be checked alone. */
export function checksums(fields: readonly Field[]): ChecksumVerdict[] {
  return fields.flatMap((f, fieldId) =>
    /checksum/i.test(f.name)
      ? [{ fieldId, layer: f.layer, name: f.name, value: f.value, verdict: f.status ?? 'unverifiable' }]
      : [],
  );
}

export { VERDICT_TEXT };

/** URL state: `sample`, or `hex` (whitespace squeezed), plus `flip` as comma-separated offsets. */
export function toState(input: DissectorInput): Record<string, string> {
  const out: Record<string, string> = {};
  if (input.sample) out.sample = input.sample;
  else out.hex = (input.hex ?? '').replace(/\s+/g, ' ').trim();
  if (input.flips.length) out.flip = input.flips.join(',');
  return out;
}

export function fromState(state: Record<string, string>): DissectorInput {
  const flips = (state.flip ?? '')
    .split(',')
    .filter((s) => /^\d+$/.test(s.trim()))
    .map((s) => Number(s))
    .filter((n) => Number.isInteger(n) && n >= 0 && n < MAX_BYTES);
  if (state.hex !== undefined && !state.sample) return { hex: state.hex, flips: [...new Set(flips)] };
  const sample = sampleById(state.sample) ? (state.sample as Sample['id']) : DEFAULT_INPUT.sample;
  return { sample, flips: [...new Set(flips)] };
}
