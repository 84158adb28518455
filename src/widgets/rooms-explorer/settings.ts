// The explorer's settings live in the URL (rooms-lab.sender=Ben&rooms-lab.variant=…), so a teacher's link opens
// the same sender, rooms, target and line of code. Browser-only: reads and writes the form and the address bar.
import { readWidgetState, writeWidgetState } from '../../lib/widget/url-state.ts';

const SETTINGS = ['sender', 'room', 'room2', 'target', 'variant'] as const;

export const isSetting = (name: string): boolean => (SETTINGS as readonly string[]).includes(name);

export function restoreSettings(form: HTMLFormElement, widgetId: string): void {
  const saved = readWidgetState(widgetId);
  for (const key of SETTINGS) {
    const value = saved[key];
    if (!value) continue;
    if (key === 'variant') {
      const radio = form.querySelector<HTMLInputElement>(`input[name="variant"][value="${CSS.escape(value)}"]`);
      if (radio) radio.checked = true;
    } else {
      const select = form.querySelector<HTMLSelectElement>(`select[name="${key}"]`)!;
      if ([...select.options].some((o) => o.value === value)) select.value = value;
    }
  }
}

export function saveSettings(form: HTMLFormElement, widgetId: string): void {
  const data = new FormData(form);
  writeWidgetState(widgetId, Object.fromEntries(SETTINGS.map((k) => [k, String(data.get(k) ?? '')])));
}
