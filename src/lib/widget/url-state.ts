// Deep links to a widget in an exact state: its settings live in the page URL as `<widgetId>.<key>=value`,
// so a teacher can copy the address bar (or a widget's link) and a class opens the same run.
// Pure string work on URLs; `location`/`history` are only touched by the two browser helpers at the end.

export type WidgetState = Record<string, string>;

const prefix = (widgetId: string) => `${widgetId}.`;

export function stateFromUrl(widgetId: string, href: string): WidgetState {
  const out: WidgetState = {};
  for (const [key, value] of new URL(href).searchParams) {
    if (key.startsWith(prefix(widgetId))) out[key.slice(prefix(widgetId).length)] = value;
  }
  return out;
}

/** The same URL with this widget's state replaced (other widgets' keys and the rest of the URL untouched). */
export function urlWithState(widgetId: string, state: WidgetState, href: string): string {
  const url = new URL(href);
  for (const key of [...url.searchParams.keys()]) if (key.startsWith(prefix(widgetId))) url.searchParams.delete(key);
  for (const [key, value] of Object.entries(state)) url.searchParams.set(prefix(widgetId) + key, value);
  url.hash = widgetId;
  return url.toString();
}

/** Reads this widget's state from the current page URL. */
export const readWidgetState = (widgetId: string): WidgetState => stateFromUrl(widgetId, location.href);

/** Writes this widget's state into the address bar without adding history entries; returns the link. */
export function writeWidgetState(widgetId: string, state: WidgetState): string {
  const next = urlWithState(widgetId, state, location.href);
  history.replaceState(history.state, '', next);
  return next;
}
