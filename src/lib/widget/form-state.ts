// Settings that are plain form controls (radios, selects, text inputs), read into and applied from the string map
// the URL keeps (setup-link.ts). Values a control does not offer are ignored, so a hand-edited link cannot put a
// control into a state the page never renders.
import type { WidgetState } from './url-state.ts';

export function formState(form: HTMLFormElement, names: readonly string[]): WidgetState {
  const data = new FormData(form);
  return Object.fromEntries(names.map((name) => [name, String(data.get(name) ?? '')]));
}

export function applyFormState(form: HTMLFormElement, state: WidgetState, names: readonly string[]): void {
  for (const name of names) {
    const value = state[name];
    if (value === undefined) continue;
    const control = form.elements.namedItem(name);
    if (control instanceof RadioNodeList) {
      const radio = [...control].find((r): r is HTMLInputElement => r instanceof HTMLInputElement && r.value === value);
      if (radio) radio.checked = true;
    } else if (control instanceof HTMLSelectElement) {
      if ([...control.options].some((o) => o.value === value)) control.value = value;
    } else if (control instanceof HTMLInputElement && control.type === 'radio') {
      if (control.value === value) control.checked = true;
    } else if (control instanceof HTMLInputElement) {
      control.value = control.maxLength > 0 ? value.slice(0, control.maxLength) : value;
    }
  }
}
