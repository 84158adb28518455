// The router in front of node A and node B for the long-polling experiment: a load balancer in miniature.
// Without sticky routing it sends each request to the next node in turn, so a session made on A is asked for on
// B, whose Engine.IO answers the real HTTP 400 {"code":1,"message":"Session ID unknown"}. With sticky routing
// it sends a request that names a session to the node holding it (what @socket.io/sticky does by session id).
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  TWO_NODE_NAMES,
  TWO_NODES_NODE_HEADER,
  TWO_NODES_ROUTER_PATH,
  type NodeName,
} from '../../src/contract/index.ts';
import type { DemoServer, FeatureContext, Route } from '../feature.ts';
import { TokenBucket } from '../rate-limit.ts';
import { LabIdSchema } from '../schemas/common.ts';

export interface RouterState {
  nodes: Record<NodeName, DemoServer>;
  sticky(labId: string): boolean;
}

function refuse(res: ServerResponse, status: number, error: string): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ ok: false, error }));
}

export function routerRoutes(ctx: FeatureContext, state: RouterState): Route[] {
  // Which node holds each Engine.IO session (the router's sticky table), and each lab's turn and request budget.
  const owner = new Map<string, NodeName>();
  const turn = new Map<string, number>();
  const budgets = new Map<string, TokenBucket>();
  for (const name of TWO_NODE_NAMES) {
    state.nodes[name].engine.on('connection', (session: { id: string; once(e: 'close', f: () => void): void }) => {
      owner.set(session.id, name);
      session.once('close', () => owner.delete(session.id));
    });
  }
  const sweep = setInterval(() => {
    for (const labId of budgets.keys()) {
      if (ctx.labs.get(labId)) continue;
      budgets.delete(labId);
      turn.delete(labId);
    }
  }, ctx.limits.sweepIntervalMs);
  sweep.unref();
  ctx.onClose(() => clearInterval(sweep));

  function handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const lab = LabIdSchema.safeParse(url.searchParams.get('lab'));
    if (!lab.success) return refuse(res, 400, 'Add ?lab=<your lab id> to the request.');
    const labId = lab.data;
    if (!ctx.labs.get(labId)) return refuse(res, 404, `There is no lab "${labId}".`);
    let budget = budgets.get(labId);
    if (!budget) {
      budget = new TokenBucket(ctx.limits.pollsPerSecondPerLab, ctx.limits.pollBurstPerLab, ctx.clock);
      budgets.set(labId, budget);
    }
    if (!budget.take()) return refuse(res, 429, 'This lab is sending the router too many requests; slow down.');
    const sid = url.searchParams.get('sid');
    const held = sid ? owner.get(sid) : undefined;
    let node: NodeName;
    if (state.sticky(labId) && held) node = held;
    else {
      const n = turn.get(labId) ?? 0;
      turn.set(labId, n + 1);
      node = TWO_NODE_NAMES[n % TWO_NODE_NAMES.length]!;
    }
    res.setHeader(TWO_NODES_NODE_HEADER, node);
    // The node's own Engine.IO answers: the same code path as a request to its own path.
    state.nodes[node].engine.handleRequest(req, res);
  }

  return [
    { method: 'GET', path: TWO_NODES_ROUTER_PATH, handle },
    { method: 'POST', path: TWO_NODES_ROUTER_PATH, handle },
  ];
}
