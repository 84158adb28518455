// The widget's whole state as URL parameters: the simulator's settings (in the simulator's own query form,
// so its keys, limits and defaults stay in one place) plus, optionally, the moment t being shown.
// Pure: no DOM, no location; widget.ts hands these maps to src/lib/url-state.ts.
import { fromQuery, normalizeSettings, toQuery, type SimSettings } from '../../lib/sim/index.ts';

export type WidgetUrlState = Record<string, string>;

export type ViewState = { settings: SimSettings; t: number };

/** Settings (and t, when the learner has moved away from 0) as `key → value` strings for the URL. */
export function toUrlState(settings: Partial<SimSettings>, t = 0): WidgetUrlState {
  const out: WidgetUrlState = Object.fromEntries(new URLSearchParams(toQuery(settings)));
  // String(n) round-trips every double exactly, so a shared link lands on the very same event.
  if (Number.isFinite(t) && t > 0) out.t = String(t);
  return out;
}

/** Inverse of toUrlState; unknown keys are ignored and bad values fall back to the defaults. */
export function fromUrlState(state: WidgetUrlState, defaults: Partial<SimSettings> = {}): ViewState {
  const params = new URLSearchParams(toQuery(defaults));
  for (const [key, value] of Object.entries(state)) if (key !== 't') params.set(key, value);
  const t = Number(state.t);
  return { settings: fromQuery(params), t: Number.isFinite(t) && t > 0 ? t : 0 };
}

/** True when the URL says anything about this widget (then it wins over the lesson's props). */
export const hasSettings = (state: WidgetUrlState): boolean => Object.keys(state).some((k) => k !== 't');

/** The message whose first copy is dropped on purpose, or 0 for none (the widget offers one). */
export const droppedMessage = (s: SimSettings): number => s.dropFirst?.[0] ?? 0;

/** Settings with one field changed from a control, normalized (so limits and drop ≤ messages hold). */
export function withControl(s: SimSettings, name: string, raw: number): SimSettings {
  const next: Partial<SimSettings> = { ...s };
  switch (name) {
    case 'loss':
      next.loss = raw / 100;
      break; // the slider speaks percent
    case 'latency':
      next.latencyMs = raw;
      break;
    case 'jitter':
      next.jitterMs = raw;
      break;
    case 'window':
      next.window = raw;
      break;
    case 'messages':
      next.messages = raw;
      break;
    case 'seed':
      next.seed = raw;
      break;
    case 'drop':
      next.dropFirst = raw > 0 ? [raw] : [];
      break;
    default:
      return s;
  }
  return normalizeSettings(next);
}

/**
 * A fresh seed that differs from the current one. Derived from the old seed and a caller-supplied number
 * (Math.random in the browser) so tests can pass their own and get a known answer.
 */
export function newSeed(current: number, random: number): number {
  const next = Math.floor(random * 100000) % 100000;
  return next === current ? (next + 1) % 100000 : next;
}

/** Percent for the loss slider and its label; keeps one decimal only when the URL asked for it. */
export const lossPercent = (s: SimSettings): number => Math.round(s.loss * 1000) / 10;
