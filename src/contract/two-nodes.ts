// The "Scaling Socket.IO across servers" lesson: two extra Socket.IO servers in the demo server's process, "node A"
// and "node B", each on its own path, and a small HTTP router in front of them for the long-polling experiment.
import type { Ack, Empty } from './common.ts';

export const TWO_NODE_NAMES = ['a', 'b'] as const;
export type NodeName = (typeof TWO_NODE_NAMES)[number];

/** Where each node's Engine.IO listens (a path each, sharing the demo server's http.Server). */
export const NODE_PATHS: Record<NodeName, string> = { a: '/node-a.io', b: '/node-b.io' };

/** The router: polling requests for either node go here, and it picks the node (in turn, or by session id). */
export const TWO_NODES_ROUTER_PATH = '/api/two-nodes/poll';
/** The router's response header naming the node that handled the request, so the learner sees where it went. */
export const TWO_NODES_NODE_HEADER = 'x-two-nodes-node';

/**
 * How long the widget waits after a broadcast's acknowledgement before it calls a client's copy "missed". A
 * simplification: a real network never tells a client that something was not sent to it.
 */
export const TWO_NODES_MISS_WINDOW_MS = 1500;

/** Which adapter connects the nodes when the lab's adapter is on: Redis when the server has REDIS_URL. */
export type TwoNodesAdapterKind = 'in-process' | 'redis-streams';

/** What the learner switches, per lab. */
export interface TwoNodesMode {
  /** Broadcasts, fetchSockets and serverSideEmit go through the adapter to the other node. */
  adapter: boolean;
  /** The router keeps each polling session on the node that made it. */
  sticky: boolean;
}

export interface TwoNodesState extends TwoNodesMode {
  adapterKind: TwoNodesAdapterKind;
}

export type TwoNodesModePayload = Partial<TwoNodesMode>;

/** What `io.to(lab).emit` carries: who sent it, from which node, and whether it went through the adapter. */
export interface TwoNodesMessage {
  seq: number;
  from: string;
  node: NodeName;
  viaAdapter: boolean;
}

export interface TwoNodesBroadcastReceipt {
  seq: number;
  node: NodeName;
  viaAdapter: boolean;
}

/** The answer of `fetchSockets()` on the asking node: every socket of the lab it can see, by node. */
export interface TwoNodesCount {
  asked: NodeName;
  viaAdapter: boolean;
  total: number;
  byNode: Record<NodeName, number>;
}

/** One node's answer to the asking node's `serverSideEmit`. */
export interface TwoNodesHello {
  node: NodeName;
  /** Sockets of the lab on the answering node. */
  sockets: number;
}

export interface TwoNodesPingReply {
  from: NodeName;
  viaAdapter: boolean;
  replies: TwoNodesHello[];
}

export interface TwoNodesClientEvents {
  'two:mode': (payload: TwoNodesModePayload, ack: Ack<TwoNodesState>) => void;
  /** `io.to(lab).emit('two:message')` from the sender's node. */
  'two:broadcast': (payload: Empty, ack: Ack<TwoNodesBroadcastReceipt>) => void;
  /** `io.in(lab).fetchSockets()` on the sender's node. */
  'two:count': (payload: Empty, ack: Ack<TwoNodesCount>) => void;
  /** `io.serverSideEmit('two:hello')` from the sender's node, with acknowledgements from the others. */
  'two:ping': (payload: Empty, ack: Ack<TwoNodesPingReply>) => void;
}

export interface TwoNodesServerEvents {
  'two:message': (message: TwoNodesMessage) => void;
  /** The lab's mode changed (sent to the lab's sockets on both nodes). */
  'two:state': (state: TwoNodesState) => void;
}

/** Between the nodes' Socket.IO servers (serverSideEmit), never seen by a browser. */
export interface TwoNodesInterServerEvents {
  'two:hello': (request: { labId: string }, reply: (hello: TwoNodesHello) => void) => void;
}
