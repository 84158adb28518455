// The two-node lab's state: the clients under node A and node B, the latest broadcast and who received or missed
// it, the answers of fetchSockets and serverSideEmit, and the polling requests sent through the router. Pure: the
// widget feeds it what really arrived on each client's socket and what the router really answered.
import type {
  NodeName,
  TwoNodesBroadcastReceipt,
  TwoNodesCount,
  TwoNodesMessage,
  TwoNodesPingReply,
  TwoNodesState,
} from '../../contract/index.ts';

export interface TwoClient {
  name: string;
  node: NodeName;
}

export type Fate = 'waiting' | 'received' | 'missed';

export interface Broadcast {
  seq: number;
  from: string;
  node: NodeName;
  viaAdapter: boolean;
  /** By client name. */
  fates: Record<string, Fate>;
}

/** One HTTP request of the polling experiment, as the router answered it. */
export interface PollStep {
  what: string;
  node: string;
  status: number;
  body: string;
}

export interface TwoNodesModel {
  clients: TwoClient[];
  mode: TwoNodesState;
  last?: Broadcast;
  count?: TwoNodesCount;
  ping?: TwoNodesPingReply;
  polls: PollStep[];
}

export const NODE_LABEL: Record<NodeName, string> = { a: 'node A', b: 'node B' };

export const emptyModel = (clients: TwoClient[]): TwoNodesModel => ({
  clients,
  mode: { adapter: false, sticky: false, adapterKind: 'in-process' },
  polls: [],
});

export const withMode = (m: TwoNodesModel, mode: TwoNodesState): TwoNodesModel => ({ ...m, mode });

/** The sender's node acknowledged the broadcast: every client waits for its copy. */
export function broadcastSent(m: TwoNodesModel, from: string, receipt: TwoNodesBroadcastReceipt): TwoNodesModel {
  const fates: Record<string, Fate> = {};
  for (const c of m.clients)
    fates[c.name] = m.last?.seq === receipt.seq ? (m.last.fates[c.name] ?? 'waiting') : 'waiting';
  return { ...m, last: { seq: receipt.seq, from, node: receipt.node, viaAdapter: receipt.viaAdapter, fates } };
}

/**
 * A client's socket received a broadcast. A copy may come before the sender's acknowledgement (it is another
 * socket), so an unknown seq starts the broadcast here.
 */
export function messageArrived(m: TwoNodesModel, client: string, msg: TwoNodesMessage): TwoNodesModel {
  const base =
    m.last && m.last.seq === msg.seq
      ? m.last
      : { seq: msg.seq, from: msg.from, node: msg.node, viaAdapter: msg.viaAdapter, fates: waitingAll(m) };
  if (m.last && msg.seq < m.last.seq) return m; // an old broadcast's late copy: the drawing shows the latest only
  return { ...m, last: { ...base, fates: { ...base.fates, [client]: 'received' } } };
}

const waitingAll = (m: TwoNodesModel) => Object.fromEntries(m.clients.map((c) => [c.name, 'waiting' as Fate]));

/** The wait is over: whoever has not received broadcast `seq` missed it. */
export function settle(m: TwoNodesModel, seq: number): TwoNodesModel {
  if (!m.last || m.last.seq !== seq) return m;
  const fates = Object.fromEntries(
    Object.entries(m.last.fates).map(([name, f]) => [name, f === 'waiting' ? 'missed' : f] as const),
  );
  return { ...m, last: { ...m.last, fates } };
}

export const namesWith = (b: Broadcast, fate: Fate) => Object.keys(b.fates).filter((n) => b.fates[n] === fate);

export const withCount = (m: TwoNodesModel, count: TwoNodesCount): TwoNodesModel => ({ ...m, count });
export const withPing = (m: TwoNodesModel, ping: TwoNodesPingReply): TwoNodesModel => ({ ...m, ping });
export const withPolls = (m: TwoNodesModel, polls: PollStep[]): TwoNodesModel => ({ ...m, polls });

const list = (names: string[]) => (names.length ? names.join(', ') : 'nobody');

/** One sentence for the summary and the log. */
export function describeBroadcast(b: Broadcast): string {
  const how = b.viaAdapter ? 'through the adapter' : 'without an adapter';
  const received = namesWith(b, 'received');
  const missed = namesWith(b, 'missed');
  const waiting = namesWith(b, 'waiting');
  const head = `Broadcast #${b.seq} from ${b.from} on ${NODE_LABEL[b.node]} (${how}): received by ${list(received)}`;
  if (waiting.length) return `${head}; still waiting for ${list(waiting)}.`;
  return missed.length ? `${head}; missed by ${list(missed)}.` : `${head}: everyone.`;
}

export function describeCount(c: TwoNodesCount): string {
  const how = c.viaAdapter ? 'asking every node through the adapter' : 'on its own, without an adapter';
  return `fetchSockets() on ${NODE_LABEL[c.asked]}, ${how}: ${c.total} sockets (node A ${c.byNode.a}, node B ${c.byNode.b}).`;
}

export function describePing(p: TwoNodesPingReply): string {
  if (!p.viaAdapter) return `serverSideEmit() from ${NODE_LABEL[p.from]}: no adapter, so no other node to tell.`;
  const answers = p.replies.map((r) => `${NODE_LABEL[r.node]} has ${r.sockets} of the lab's sockets`).join('; ');
  return `serverSideEmit() from ${NODE_LABEL[p.from]}: ${p.replies.length} answer(s)${answers ? `: ${answers}` : ''}.`;
}

export function describePoll(s: PollStep): string {
  return `${s.what} → ${s.node === 'a' || s.node === 'b' ? NODE_LABEL[s.node] : 'no node'}: HTTP ${s.status} ${s.body}`;
}

/** The polling session worked when every request came back 200. */
export const pollsWorked = (polls: PollStep[]) => polls.length > 0 && polls.every((p) => p.status === 200);
export const unknownSession = (polls: PollStep[]) =>
  polls.some((p) => p.status === 400 && /Session ID unknown/.test(p.body));
