// Offsets look like Redis stream ids ("<ms>-<seq>") so a Redis Streams
// implementation can hand its own ids straight through. Callers treat them as
// opaque; only the store compares them.

export interface ParsedOffset {
  ms: number;
  seq: number;
}

const OFFSET_RE = /^(\d+)-(\d+)$/;

export function parseOffset(offset: string): ParsedOffset {
  const match = OFFSET_RE.exec(offset);
  if (match === null) throw new TypeError(`not a log offset: ${JSON.stringify(offset)}`);
  return { ms: Number(match[1]), seq: Number(match[2]) };
}

export function formatOffset(parsed: ParsedOffset): string {
  return `${parsed.ms}-${parsed.seq}`;
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareOffsets(a: ParsedOffset, b: ParsedOffset): number {
  return a.ms !== b.ms ? a.ms - b.ms : a.seq - b.seq;
}

/**
 * The next id after `last` at time `now`. If the clock stood still or went
 * backwards the millisecond part is held and the sequence bumped, exactly as
 * Redis XADD does, so ids stay strictly increasing whatever the clock does.
 */
export function nextOffset(last: ParsedOffset | null, now: number): ParsedOffset {
  const ms = Math.max(0, Math.floor(now));
  if (last === null || ms > last.ms) return { ms, seq: 0 };
  return { ms: last.ms, seq: last.seq + 1 };
}
