// A panel's settings are its number inputs and radio groups (never the free-text message): read them as
// { name: value } for the URL, and apply a deep link's values back. The panel code clamps what it reads.
type Settings = Record<string, string>;
type Bind = (read: () => Settings, apply: (s: Settings) => void) => { save(): string };

const settingInputs = (form: HTMLFormElement) =>
  [...form.querySelectorAll<HTMLInputElement>('input[name]')].filter((i) => i.type === 'number' || i.type === 'radio');

export function readSettings(form: HTMLFormElement): Settings {
  const data = new FormData(form);
  const names = new Set(settingInputs(form).map((i) => i.name));
  return Object.fromEntries([...names].map((name) => [name, String(data.get(name) ?? '')]));
}

export function applySettings(form: HTMLFormElement, settings: Settings): void {
  for (const input of settingInputs(form)) {
    const value = settings[input.name];
    if (value === undefined) continue;
    if (input.type === 'radio') input.checked = input.value === value;
    else input.value = value;
  }
}

/** Binds the form to the page URL through `bind` (the shared setup link) and saves on every change. */
export function bindFormSettings(form: HTMLFormElement, bind: Bind): void {
  const link = bind(
    () => readSettings(form),
    (s) => applySettings(form, s),
  );
  form.addEventListener('change', () => link.save());
}
