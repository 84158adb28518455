// Sets of integers stored as sorted, disjoint, non-adjacent inclusive ranges.
// A lane of sequence numbers is mostly one long run with a few holes, so this
// stays tiny however many messages arrive. All functions are pure.

export interface SeqRange {
  from: number;
  to: number;
}

export type RangeSet = readonly SeqRange[];

/** Index of the first range whose `to` is >= n (ranges.length if none). */
function firstEndingAtOrAfter(ranges: RangeSet, n: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ranges[mid].to < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function rangesContain(ranges: RangeSet, n: number): boolean {
  const i = firstEndingAtOrAfter(ranges, n);
  return i < ranges.length && ranges[i].from <= n;
}

/** A new set with n added, merging neighbours so ranges never touch. */
export function addToRanges(ranges: RangeSet, n: number): RangeSet {
  if (rangesContain(ranges, n)) return ranges;
  const i = firstEndingAtOrAfter(ranges, n);
  const before = i > 0 ? ranges[i - 1] : undefined;
  const after = i < ranges.length ? ranges[i] : undefined;
  const joinsBefore = before !== undefined && before.to === n - 1;
  const joinsAfter = after !== undefined && after.from === n + 1;
  const out = ranges.slice();
  if (joinsBefore && joinsAfter) out.splice(i - 1, 2, { from: before.from, to: after.to });
  else if (joinsBefore) out.splice(i - 1, 1, { from: before.from, to: n });
  else if (joinsAfter) out.splice(i, 1, { from: n, to: after.to });
  else out.splice(i, 0, { from: n, to: n });
  return out;
}

export function rangesSize(ranges: RangeSet): number {
  let size = 0;
  for (const r of ranges) size += r.to - r.from + 1;
  return size;
}

/** The numbers in [from, to] that are not in the set, as ranges. */
export function missingRanges(ranges: RangeSet, from: number, to: number): SeqRange[] {
  const missing: SeqRange[] = [];
  let cursor = from;
  for (const r of ranges) {
    if (r.to < cursor) continue;
    if (r.from > to) break;
    if (r.from > cursor) missing.push({ from: cursor, to: r.from - 1 });
    cursor = r.to + 1;
  }
  if (cursor <= to) missing.push({ from: cursor, to });
  return missing;
}
