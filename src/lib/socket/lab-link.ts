// Share links: ?lab-<widget id>=<lab id> puts whoever opens the link into the same lab, for that widget only.
import { LAB_ID_PATTERN as LAB_ID } from '../../contract/index.ts';

const param = (widgetId: string) => `lab-${widgetId}`;

export function labFromUrl(widgetId: string, href: string = location.href): string | undefined {
  const value = new URL(href).searchParams.get(param(widgetId));
  return value && LAB_ID.test(value) ? value : undefined;
}

export function shareUrl(widgetId: string, labId: string, href: string = location.href): string {
  const url = new URL(href);
  url.searchParams.set(param(widgetId), labId);
  url.hash = widgetId;
  return url.toString();
}

/**
 * The address with this widget's lab parameter set to `labId`, or removed when undefined; the rest (other
 * widgets' labs, the hash) stays. Keeps a reload in the lab the widget is really in.
 */
export function withLab(widgetId: string, labId: string | undefined, href: string = location.href): string {
  const url = new URL(href);
  if (labId) url.searchParams.set(param(widgetId), labId);
  else url.searchParams.delete(param(widgetId));
  return url.toString();
}
