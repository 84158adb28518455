// The marks a field carries wherever the byte widgets show it: its checksum verdict and "illustrative"
// (a value user space cannot observe, chosen for the example). One place, so every view words them alike.
// The words themselves live in src/lib/net/marks.ts.
import type { Field } from '../../net/fields.ts';
import { ILLUSTRATIVE, VERDICT_CLASS, VERDICT_TAG } from '../../net/marks.ts';

export function fieldTags(f: Pick<Field, 'status' | 'illustrative'>): HTMLSpanElement[] {
  const tags: HTMLSpanElement[] = [];
  if (f.status) {
    const s = document.createElement('span');
    s.className = VERDICT_CLASS[f.status];
    s.textContent = ' ' + VERDICT_TAG[f.status];
    tags.push(s);
  }
  if (f.illustrative) {
    const s = document.createElement('span');
    s.className = 'tag-ill';
    s.textContent = ILLUSTRATIVE;
    tags.push(s);
  }
  return tags;
}
