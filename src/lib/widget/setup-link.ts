// "Copy link to this setup" for any widget with settings, and the one way a widget keeps its settings in the URL
// (as `?<widget id>.<key>=value`, src/lib/widget/url-state.ts): it restores them from the page URL, keeps the
// address bar in step as they change, and copies the link on request.
// Two entry points over the same binding: widget code calls setupLink(root) at mount and reads `saved`, then
// calls save(state) on every change; a shell whose settings are plain form controls calls bindSetupLink(root,
// read, apply) from its small script, so a deep link applies before the heavy code loads.
import { readWidgetState, urlWithState, writeWidgetState, type WidgetState } from './url-state.ts';

export interface SetupLink {
  /** The settings the page URL held for this widget when it was bound (empty when none). */
  readonly saved: WidgetState;
  /** Writes these settings into the address bar (call after any change); returns the link. */
  save(state: WidgetState): string;
}

/** Binds the widget's setup bar. `current` gives the settings at copy time; by default the last ones saved. */
export function setupLink(root: HTMLElement, current?: () => WidgetState): SetupLink {
  const widgetId = root.id;
  const saved = readWidgetState(widgetId);
  let last: WidgetState = saved;
  const save = (state: WidgetState) => {
    last = state;
    const href = writeWidgetState(widgetId, state);
    root.dataset.setupHref = href;
    return href;
  };
  root.dataset.setupHref = urlWithState(widgetId, saved, location.href);

  const bar = root.querySelector<HTMLElement>('[data-setup-bar]');
  const button = root.querySelector<HTMLButtonElement>('[data-setup-link]');
  const note = root.querySelector<HTMLElement>('[data-setup-note]');
  if (bar) bar.hidden = false;
  button?.addEventListener('click', async () => {
    const href = save(current ? current() : last);
    if (!note) return;
    try {
      await navigator.clipboard.writeText(href);
      note.textContent = 'Link copied: it opens this widget with these settings.';
    } catch {
      const a = Object.assign(document.createElement('a'), { href, textContent: href });
      note.replaceChildren('Copy this link: ', a);
    }
  });
  return { saved, save };
}

export interface SetupBinding {
  /** Writes the current settings into the URL (call after any change); returns the link. */
  save(): string;
}

/** For shells: applies the URL's settings to the form now, and reads them back with `read` on every save. */
export function bindSetupLink(
  root: HTMLElement,
  read: () => WidgetState,
  apply: (state: WidgetState) => void,
): SetupBinding {
  const link = setupLink(root, read);
  if (Object.keys(link.saved).length) apply(link.saved);
  root.dataset.setupHref = urlWithState(root.id, read(), location.href);
  return { save: () => link.save(read()) };
}
