// "Your socket": the lab's connections as the server reports them, turned into rows for the graph and table,
// and the differences between two reports (who joined, who left). Pure: no DOM, no socket.
import type { Endpoint, LabConnection, LabSockets } from '../../contract/index.ts';

export interface SocketRow extends LabConnection {
  /** Opened by this page (You and the clients added here), as opposed to another tab sharing the lab. */
  mine: boolean;
}

export interface SocketGraph {
  listening: Endpoint;
  rows: SocketRow[];
}

/**
 * An IPv4 address Node reports in IPv6 form ("::ffff:127.0.0.1") is the same IPv4 address. The server leaves the
 * address of another page's connection empty: that learner's address is theirs, not this page's.
 */
export function formatAddress(address: string): string {
  if (address === '') return 'address hidden';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  return address.includes(':') ? `[${address}]` : address;
}

export const formatEndpoint = (e: Endpoint) => `${formatAddress(e.address)}:${e.port}`;

/** The 4-tuple in words: protocol, client address:port, server address:port. */
export const describeTuple = (c: Pick<LabConnection, 'client' | 'server'>) =>
  `TCP ${formatEndpoint(c.client)} ↔ ${formatEndpoint(c.server)}`;

/** Rows in a stable order: this page's connections first (in the order it opened them), then the others by name. */
export function toGraph(list: LabSockets, mineInOrder: string[]): SocketGraph {
  const rank = (id: string) => {
    const i = mineInOrder.indexOf(id);
    return i === -1 ? Number.MAX_SAFE_INTEGER : i;
  };
  const rows = list.connections
    .map((c) => ({ ...c, mine: mineInOrder.includes(c.socketId) }))
    .sort((a, b) => rank(a.socketId) - rank(b.socketId) || a.name.localeCompare(b.name, 'en', { numeric: true }));
  return { listening: list.listening, rows };
}

export interface LabChange {
  joined: LabConnection[];
  left: LabConnection[];
}

export function diffLab(previous: LabSockets | undefined, next: LabSockets): LabChange {
  const before = new Map((previous?.connections ?? []).map((c) => [c.socketId, c]));
  const after = new Map(next.connections.map((c) => [c.socketId, c]));
  return {
    joined: next.connections.filter((c) => !before.has(c.socketId)),
    left: [...before.values()].filter((c) => !after.has(c.socketId)),
  };
}

/** True when no two connections share a client endpoint: what tells the server's connected sockets apart. */
export function allTuplesDistinct(rows: Array<Pick<LabConnection, 'client' | 'server'>>): boolean {
  const keys = rows.map((r) => `${describeTuple(r)}`);
  return new Set(keys).size === keys.length;
}

export function describeJoin(c: LabConnection, mine: boolean): string {
  const from = mine ? 'from this page' : 'from another tab or device';
  return `${c.name} connected ${from}: ${describeTuple(c)}. The server accepted it on its listening socket and made a new connected socket for it.`;
}

export function describeLeave(c: LabConnection): string {
  return `${c.name} disconnected: the server closed its connected socket for ${formatEndpoint(c.client)}. The listening socket stays open.`;
}
