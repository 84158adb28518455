// "Link to this setup" for any widget with settings: restores the settings from the page URL on load, keeps the
// address bar in step as they change (src/lib/widget/url-state.ts), and copies the link on request. A widget calls
// bindSetupLink() from its small shell script, so a deep link works before the heavy code loads.
import { readWidgetState, urlWithState, writeWidgetState, type WidgetState } from './url-state.ts';

export interface SetupBinding {
  /** Writes the current settings into the URL (call after any change); returns the link. */
  save(): string;
}

export function bindSetupLink(root: HTMLElement, read: () => WidgetState, apply: (state: WidgetState) => void): SetupBinding {
  const widgetId = root.id;
  const saved = readWidgetState(widgetId);
  if (Object.keys(saved).length) apply(saved);

  const bar = root.querySelector<HTMLElement>('[data-setup-bar]');
  const button = root.querySelector<HTMLButtonElement>('[data-setup-link]');
  const note = root.querySelector<HTMLElement>('[data-setup-note]');
  const link = () => urlWithState(widgetId, read(), location.href);
  const save = () => {
    const href = writeWidgetState(widgetId, read());
    root.dataset.setupHref = href;
    return href;
  };
  root.dataset.setupHref = link();
  if (bar) bar.hidden = false;
  button?.addEventListener('click', async () => {
    const href = save();
    if (!note) return;
    try {
      await navigator.clipboard.writeText(href);
      note.textContent = 'Link copied: it opens this widget with these settings.';
    } catch {
      const a = Object.assign(document.createElement('a'), { href, textContent: href });
      note.replaceChildren('Copy this link: ', a);
    }
  });
  return { save };
}
