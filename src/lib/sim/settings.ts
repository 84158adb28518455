// Simulation settings, their defaults and limits, and their URL form: the
// complete state of a run lives in the query string, so a link reproduces it.

export type SimSettings = {
  seed: number;
  /** Probability 0..1 that any packet, either direction, is lost. */
  loss: number;
  /** One-way base delay in ms. */
  latencyMs: number;
  /** Extra one-way delay drawn uniformly from 0..jitterMs; causes reordering. */
  jitterMs: number;
  /** TCP: segments in flight at most. */
  window: number;
  /** Number of messages the client sends, 1..200. */
  messages: number;
  /** TCP initial retransmission timeout; omitted = derived from latency and jitter. */
  rtoMs?: number;
  /** Message numbers whose FIRST transmission is always dropped (exercises). */
  dropFirst?: number[];
};

export const DEFAULT_SETTINGS: Readonly<SimSettings> = Object.freeze({
  seed: 42,
  loss: 0.1,
  latencyMs: 50,
  jitterMs: 10,
  window: 4,
  messages: 20,
});

type NumericKey = 'seed' | 'loss' | 'latencyMs' | 'jitterMs' | 'window' | 'messages' | 'rtoMs';

// Limits keep the simulation small enough to draw and bounded in time.
const LIMITS: Record<NumericKey, { min: number; max: number; integer: boolean }> = {
  seed: { min: 0, max: 4294967295, integer: true },
  loss: { min: 0, max: 1, integer: false },
  latencyMs: { min: 0, max: 5000, integer: true },
  jitterMs: { min: 0, max: 5000, integer: true },
  window: { min: 1, max: 64, integer: true },
  messages: { min: 1, max: 200, integer: true },
  rtoMs: { min: 10, max: 60000, integer: true },
};

// Short, stable query keys; changing them would break shared links.
const QUERY_KEYS: Record<NumericKey, string> = {
  seed: 'seed',
  loss: 'loss',
  latencyMs: 'latency',
  jitterMs: 'jitter',
  window: 'window',
  messages: 'messages',
  rtoMs: 'rto',
};
const DROP_KEY = 'drop';

function clampField(key: NumericKey, value: unknown, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  const { min, max, integer } = LIMITS[key];
  const v = integer ? Math.round(value) : value;
  return Math.min(max, Math.max(min, v));
}

/**
 * Fill defaults, clamp to limits, round integer fields. Optional fields are
 * present only when meaningful, so normalized settings compare with deepEqual.
 */
export function normalizeSettings(input: Partial<SimSettings> = {}): SimSettings {
  const out: SimSettings = {
    seed: clampField('seed', input.seed, DEFAULT_SETTINGS.seed),
    loss: clampField('loss', input.loss, DEFAULT_SETTINGS.loss),
    latencyMs: clampField('latencyMs', input.latencyMs, DEFAULT_SETTINGS.latencyMs),
    jitterMs: clampField('jitterMs', input.jitterMs, DEFAULT_SETTINGS.jitterMs),
    window: clampField('window', input.window, DEFAULT_SETTINGS.window),
    messages: clampField('messages', input.messages, DEFAULT_SETTINGS.messages),
  };
  if (typeof input.rtoMs === 'number' && Number.isFinite(input.rtoMs)) {
    out.rtoMs = clampField('rtoMs', input.rtoMs, 0);
  }
  const drops = (input.dropFirst ?? []).filter((m) => Number.isInteger(m) && m >= 1 && m <= out.messages);
  if (drops.length > 0) out.dropFirst = [...new Set(drops)].sort((a, b) => a - b);
  return out;
}

/** The RTO actually used: explicit, or twice the worst-case round trip (min 100 ms). */
export function effectiveRtoMs(s: SimSettings): number {
  return s.rtoMs ?? Math.max(100, 4 * (s.latencyMs + s.jitterMs));
}

/** Query string (without '?') holding every setting; `String(n)` round-trips doubles exactly. */
export function toQuery(settings: Partial<SimSettings>): string {
  const s = normalizeSettings(settings);
  const params = new URLSearchParams();
  for (const key of Object.keys(QUERY_KEYS) as NumericKey[]) {
    const v = s[key];
    if (v !== undefined) params.set(QUERY_KEYS[key], String(v));
  }
  if (s.dropFirst) params.set(DROP_KEY, s.dropFirst.join(','));
  return params.toString();
}

function parseNumber(raw: string | null): number | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/** Inverse of toQuery. Unknown keys are ignored; invalid values fall back to defaults. */
export function fromQuery(query: URLSearchParams | string): SimSettings {
  const params = typeof query === 'string' ? new URLSearchParams(query.replace(/^\?/, '')) : query;
  const partial: Partial<SimSettings> = {};
  for (const key of Object.keys(QUERY_KEYS) as NumericKey[]) {
    const n = parseNumber(params.get(QUERY_KEYS[key]));
    if (n !== undefined) partial[key] = n;
  }
  const drop = params.get(DROP_KEY);
  if (drop) {
    partial.dropFirst = drop
      .split(',')
      .map(parseNumber)
      .filter((n): n is number => n !== undefined);
  }
  return normalizeSettings(partial);
}
