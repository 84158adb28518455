// Knobs that shape how long a simulation may run but are not part of the
// lesson's state (so they stay out of the URL).

/** Simulated-time cap: with 100% loss TCP would retry forever. */
export const DEFAULT_MAX_TIME_MS = 60_000;
/** Hard cap on processed events, a second guard when maxTimeMs is huge. */
export const DEFAULT_MAX_EVENTS = 200_000;

export type RunOptions = {
  maxTimeMs?: number;
  maxEvents?: number;
};
