// Parsing the raw RESP2 replies of the stream commands the Redis broker sends, and one-line summaries of them
// for the lab's "Broker commands" log. Pure functions: no client, no state.

export interface StreamEntry {
  id: string;
  fields: Record<string, string>;
}

export interface GroupInfo {
  name: string;
  consumers: number;
  /** Delivered, not yet acknowledged (the group's pending entries list). */
  pending: number;
  lastDeliveredId: string;
  /** Entries not yet delivered to the group; null when Redis cannot tell (entries were trimmed or deleted). */
  lag: number | null;
}

export interface PendingEntry {
  id: string;
  consumer: string;
  idleMs: number;
  deliveries: number;
}

type Raw = unknown;

const str = (value: Raw): string => (typeof value === 'string' ? value : String(value));

/** A map reply: a plain object under RESP3 (node-redis's default here), a flat [key, value, …] list under RESP2. */
function pairs(list: Raw): Record<string, Raw> {
  if (list !== null && typeof list === 'object' && !Array.isArray(list)) return list as Record<string, Raw>;
  const out: Record<string, Raw> = {};
  const items = Array.isArray(list) ? list : [];
  for (let i = 0; i + 1 < items.length; i += 2) out[str(items[i])] = items[i + 1];
  return out;
}

/** One entry as Redis sends it: [id, [field, value, …]]; a trimmed entry comes back with nil fields. */
function entry(raw: Raw): StreamEntry | null {
  if (!Array.isArray(raw) || raw.length < 2 || !Array.isArray(raw[1])) return null;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(pairs(raw[1]))) fields[k] = str(v);
  return { id: str(raw[0]), fields };
}

export function parseEntries(raw: Raw): StreamEntry[] {
  return Array.isArray(raw) ? raw.map(entry).filter((e): e is StreamEntry => e !== null) : [];
}

/** XREADGROUP … STREAMS key >: { key: [entry, …] } (RESP3), [[key, [entry, …]]] (RESP2), or nil. */
export function parseReadGroup(raw: Raw): StreamEntry[] {
  if (raw === null || typeof raw !== 'object') return [];
  if (!Array.isArray(raw)) return Object.values(raw as Record<string, Raw>).flatMap(parseEntries);
  return raw.flatMap((stream) => (Array.isArray(stream) ? parseEntries(stream[1]) : []));
}

/** XAUTOCLAIM: [next-start, [entry, …], [deleted id, …]] (the third element since Redis 7). */
export function parseAutoClaim(raw: Raw): { entries: StreamEntry[]; deleted: string[] } {
  if (!Array.isArray(raw)) return { entries: [], deleted: [] };
  return { entries: parseEntries(raw[1]), deleted: Array.isArray(raw[2]) ? raw[2].map(str) : [] };
}

/** XPENDING key group [IDLE ms] start end count [consumer]: [[id, consumer, idle, deliveries], …]. */
export function parsePending(raw: Raw): PendingEntry[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .filter((row): row is Raw[] => Array.isArray(row) && row.length >= 4)
    .map((row) => ({ id: str(row[0]), consumer: str(row[1]), idleMs: Number(row[2]), deliveries: Number(row[3]) }));
}

/** XINFO GROUPS: one flat [name, …, consumers, n, pending, n, last-delivered-id, id, entries-read, n, lag, n]. */
export function parseGroups(raw: Raw): GroupInfo[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((row) => {
    const info = pairs(row);
    return {
      name: str(info.name),
      consumers: Number(info.consumers ?? 0),
      pending: Number(info.pending ?? 0),
      lastDeliveredId: str(info['last-delivered-id'] ?? '0-0'),
      lag: info.lag === null || info.lag === undefined ? null : Number(info.lag),
    };
  });
}

const entries = (n: number) => `${n} ${n === 1 ? 'entry' : 'entries'}`;

/** What the log prints after the command: short, and the same words a redis-cli user would recognise. */
export function summarize(command: string, raw: Raw): string {
  if (raw === null || raw === undefined) return '(nil)';
  switch (command) {
    case 'XREADGROUP':
      return entries(parseReadGroup(raw).length);
    case 'XAUTOCLAIM':
      return `${entries(parseAutoClaim(raw).entries.length)} claimed`;
    case 'XPENDING':
      return `${entries(parsePending(raw).length)} pending`;
    case 'XINFO':
      return (
        parseGroups(raw)
          .map((g) => `${g.name}: pending ${g.pending}, lag ${g.lag ?? '?'}`)
          .join('; ') || '(no groups)'
      );
    case 'XCLAIM':
      return Array.isArray(raw) ? `${entries(raw.length)} marked for redelivery` : str(raw);
    case 'XRANGE':
      return Array.isArray(raw) ? entries(raw.length) : str(raw);
    default:
      return typeof raw === 'number' ? `(integer) ${raw}` : Array.isArray(raw) ? `[${raw.length}]` : str(raw);
  }
}
