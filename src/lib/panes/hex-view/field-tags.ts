// The marks a field carries wherever the byte widgets show it: its checksum verdict and "illustrative"
// (a value user space cannot observe, chosen for the example). One place, so every view words them alike.
import type { Field } from '../../net/fields.ts';

export function fieldTags(f: Pick<Field, 'status' | 'illustrative'>): HTMLSpanElement[] {
  const tags: HTMLSpanElement[] = [];
  if (f.status) {
    const s = document.createElement('span');
    s.className = f.status === 'ok' ? 'tag-ok' : 'tag-bad';
    s.textContent = f.status === 'ok' ? ' ✓ correct' : ' ✗ wrong';
    tags.push(s);
  }
  if (f.illustrative) {
    const s = document.createElement('span');
    s.className = 'tag-ill';
    s.textContent = 'illustrative';
    tags.push(s);
  }
  return tags;
}
