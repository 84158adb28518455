// The one set of words for the marks a byte field can carry: its checksum verdict and "illustrative" (a value
// user space cannot observe, chosen for the example). Every byte view (dissector, down the stack, hex view)
// takes its wording from here, so a learner reads the same mark everywhere. Pure: no DOM.
import type { Field } from './fields.ts';

export type Verdict = 'ok' | 'bad' | 'unverifiable';

/** The verdict in words, as it ends a sentence: "TCP checksum correct". */
export const VERDICT_TEXT: Record<Verdict, string> = {
  ok: 'correct',
  bad: 'wrong',
  unverifiable: 'cannot be checked here',
};

/** The verdict as a visible tag: a symbol beside the word, never the symbol alone. */
export const VERDICT_TAG: Record<Verdict, string> = {
  ok: '✓ correct',
  bad: '✗ wrong',
  unverifiable: 'cannot be checked here',
};

/** The class each verdict tag is styled with. */
export const VERDICT_CLASS: Record<Verdict, string> = { ok: 'tag-ok', bad: 'tag-bad', unverifiable: 'tag-unk' };

export const ILLUSTRATIVE = 'illustrative';

/** A list of values chosen for the example, as one tag: "illustrative: sequence number, window". */
export function illustrativeList(names: readonly string[]): string {
  return `${ILLUSTRATIVE}: ${names.join(', ')}`;
}

/** The same list as a sentence of its own: "Illustrative: sequence number, window." */
export function illustrativeSentence(names: readonly string[]): string {
  return `Illustrative: ${names.join(', ')}.`;
}

/** The marks after a field's value in running text, e.g. " (illustrative)" or " (checksum correct)". */
export function fieldMarksText(f: Pick<Field, 'status' | 'illustrative'>): string {
  const ill = f.illustrative ? ` (${ILLUSTRATIVE})` : '';
  const status = f.status ? ` (checksum ${VERDICT_TEXT[f.status]})` : '';
  return ill + status;
}
