// Draws node A and node B, each with its clients underneath, the link between the nodes (the adapter, or none),
// and the latest broadcast: a dot from the sender's node to every client whose socket received it, a cross on
// every client that missed it. Reads the model only; with prefers-reduced-motion the dots appear in place.
import { select } from 'd3-selection';
import 'd3-transition';
import type { NodeName } from '../../contract/index.ts';
import { NODE_LABEL, type TwoClient, type TwoNodesModel } from './model.ts';

const W = 360;
const H = 230;
const NODE_X: Record<NodeName, number> = { a: 95, b: 265 };
const NODE_Y = 50;
const CLIENT_Y = 175;

function clientX(clients: TwoClient[], c: TwoClient): number {
  const mine = clients.filter((o) => o.node === c.node);
  const i = mine.indexOf(c);
  const spread = 70;
  return NODE_X[c.node] + (mine.length === 1 ? 0 : (i / (mine.length - 1) - 0.5) * spread);
}

export function createTwoNodesView(svgEl: SVGSVGElement) {
  const svg = select(svgEl).attr('viewBox', `0 0 ${W} ${H}`);
  const link = svg.append('g').attr('class', 'link');
  const wires = svg.append('g').attr('class', 'wires');
  const nodes = svg.append('g').attr('class', 'nodes');
  const clientsG = svg.append('g').attr('class', 'clients');
  const dots = svg.append('g').attr('class', 'dots');
  const drawn = new Set<string>();
  const reduced = () => matchMedia('(prefers-reduced-motion: reduce)').matches;

  return {
    render(m: TwoNodesModel) {
      const kind = m.mode.adapterKind === 'redis-streams' ? 'Redis Streams adapter' : 'in-process adapter';
      link.selectAll('*').remove();
      link
        .append('line')
        .attr('class', m.mode.adapter ? 'adapter on' : 'adapter off')
        .attr('x1', NODE_X.a + 48)
        .attr('x2', NODE_X.b - 48)
        .attr('y1', NODE_Y)
        .attr('y2', NODE_Y);
      link
        .append('text')
        .attr('class', 'label small')
        .attr('x', W / 2)
        .attr('y', NODE_Y - 12)
        .attr('text-anchor', 'middle')
        .text(m.mode.adapter ? kind : 'no adapter');

      const nodeSel = nodes
        .selectAll<SVGGElement, NodeName>('g.node')
        .data(['a', 'b'] as NodeName[], (d) => d)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'node');
          g.append('rect').attr('width', 96).attr('height', 36).attr('rx', 8);
          g.append('text').attr('class', 'label').attr('x', 48).attr('y', 23).attr('text-anchor', 'middle');
          return g;
        })
        .attr('transform', (d) => `translate(${NODE_X[d] - 48},${NODE_Y - 18})`)
        .attr('data-node', (d) => d);
      nodeSel.select('text').text((d) => NODE_LABEL[d].replace('node', 'Node'));

      wires
        .selectAll<SVGLineElement, TwoClient>('line')
        .data(m.clients, (c) => c.name)
        .join('line')
        .attr('x1', (c) => NODE_X[c.node])
        .attr('y1', NODE_Y + 18)
        .attr('x2', (c) => clientX(m.clients, c))
        .attr('y2', CLIENT_Y - 16);

      const fates = m.last?.fates ?? {};
      const cs = clientsG
        .selectAll<SVGGElement, TwoClient>('g.client')
        .data(m.clients, (c) => c.name)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'client');
          g.append('circle').attr('r', 15);
          g.append('text').attr('class', 'label').attr('y', 34).attr('text-anchor', 'middle');
          g.append('text').attr('class', 'fate small').attr('y', 50).attr('text-anchor', 'middle');
          return g;
        })
        .attr('transform', (c) => `translate(${clientX(m.clients, c)},${CLIENT_Y})`)
        .attr('data-client', (c) => c.name)
        .attr('data-fate', (c) => fates[c.name] ?? 'none');
      cs.select('text.label').text((c) => c.name);
      cs.select('text.fate').text((c) => {
        const f = fates[c.name];
        return f === 'received' ? '✓ received' : f === 'missed' ? '✗ missed' : f === 'waiting' ? '…' : '';
      });

      // One dot per copy that really arrived, drawn once, from the sender's node to the client.
      const b = m.last;
      if (!b) return;
      for (const c of m.clients) {
        const key = `${b.seq}:${c.name}`;
        if (fates[c.name] !== 'received' || drawn.has(key)) continue;
        drawn.add(key);
        for (const old of dots.selectAll<SVGCircleElement, unknown>('circle').nodes()) {
          if (old.dataset.seq !== String(b.seq)) old.remove();
        }
        const to = { x: clientX(m.clients, c), y: CLIENT_Y - 22 };
        const dot = dots.append('circle').attr('class', 'dot').attr('r', 6).attr('data-seq', b.seq);
        if (reduced()) dot.attr('cx', to.x).attr('cy', to.y);
        else {
          const crosses = b.node !== c.node;
          const start = { x: NODE_X[b.node], y: NODE_Y };
          dot
            .attr('cx', start.x)
            .attr('cy', start.y)
            .transition()
            .duration(crosses ? 700 : 450)
            .attr('cx', to.x)
            .attr('cy', to.y);
        }
      }
    },
  };
}
