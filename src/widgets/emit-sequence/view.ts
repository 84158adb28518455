// Draws the sequence diagram with D3: one lifeline per participant, one row per hop, newest at the bottom.
// It only reads the model's state; it never talks to a socket.
import { select } from 'd3-selection';
import 'd3-transition';
import { SERVER, type DiagramState, type Hop } from './model.ts';

const ROW = 34;
const TOP = 44;
const VISIBLE_ROWS = 12;

/** Half the width of a lane's name box. */
const LANE_HALF = 34;
const LANE_COLOUR: Record<string, string> = {
  Alice: 'var(--lane-1)',
  Bob: 'var(--lane-2)',
  Carol: 'var(--lane-3)',
  Dave: 'var(--lane-4)',
  [SERVER]: 'var(--server)',
};
const colour = (name: string) => LANE_COLOUR[name.replace(/ \d+$/, '')] ?? 'var(--muted)';

export interface SequenceView {
  render(state: DiagramState): void;
}

export function createSequenceView(
  container: HTMLElement,
  participants: string[],
  options: { reducedMotion: () => boolean },
): SequenceView {
  const svg = select(container)
    .append('svg')
    .attr('class', 'sequence')
    .attr('role', 'img')
    .attr(
      'aria-label',
      'Sequence diagram of the events between the virtual clients and the server. The event log below lists the same hops as text.',
    );
  const defs = svg.append('defs');
  const lifelines = svg.append('g').attr('class', 'lifelines');
  const rows = svg.append('g').attr('class', 'rows');
  let last: DiagramState = { sent: [], hops: [] };

  const x = (name: string) => {
    const width = container.clientWidth || 600;
    const i = participants.indexOf(name.replace(/ \d+$/, ''));
    const lane = i === -1 ? participants.length - 1 : i;
    // At least half a lane header (68 px wide) plus a margin, so the outer lanes never touch the edge on a phone.
    const pad = Math.max(LANE_HALF + 6, Math.min(60, width * 0.1));
    return pad + (lane * (width - 2 * pad)) / (participants.length - 1);
  };

  function marker(id: string, fill: string) {
    if (!defs.select(`#${id}`).empty()) return;
    defs
      .append('marker')
      .attr('id', id)
      .attr('viewBox', '0 0 10 10')
      .attr('refX', 9)
      .attr('refY', 5)
      .attr('markerWidth', 7)
      .attr('markerHeight', 7)
      .attr('orient', 'auto-start-reverse')
      .append('path')
      .attr('d', 'M0,0 L10,5 L0,10 z')
      .attr('fill', fill);
  }

  function drawLifelines(height: number) {
    const lanes = lifelines.selectAll<SVGGElement, string>('g.lane').data(participants, (d) => d);
    const entered = lanes.enter().append('g').attr('class', 'lane');
    entered.append('line').attr('stroke-dasharray', '3 4');
    entered.append('rect').attr('rx', 6);
    entered
      .append('text')
      .attr('text-anchor', 'middle')
      .attr('dy', '0.35em')
      .text((d) => d);
    const all = entered.merge(lanes);
    all
      .select('line')
      .attr('x1', (d) => x(d))
      .attr('x2', (d) => x(d))
      .attr('y1', 30)
      .attr('y2', height)
      .attr('stroke', (d) => colour(d));
    all
      .select('rect')
      .attr('x', (d) => x(d) - LANE_HALF)
      .attr('y', 4)
      .attr('width', 2 * LANE_HALF)
      .attr('height', 26)
      .attr('fill', 'var(--surface-2)')
      .attr('stroke', (d) => colour(d));
    all
      .select('text')
      .attr('x', (d) => x(d))
      .attr('y', 17)
      .attr('fill', 'var(--text)');
  }

  function render(state: DiagramState) {
    last = state;
    const hops = state.hops.slice(-VISIBLE_ROWS);
    const height = TOP + Math.max(4, hops.length) * ROW + 10;
    const width = container.clientWidth || 600;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    drawLifelines(height);
    const motion = options.reducedMotion() ? 0 : 380;

    const groups = rows.selectAll<SVGGElement, Hop>('g.hop').data(hops, (d) => d.key);
    groups.exit().remove();
    const entered = groups
      .enter()
      .append('g')
      .attr('class', (d) => `hop ${d.kind}`)
      .attr('data-kind', (d) => d.kind)
      .attr('data-to', (d) => d.to)
      .attr('data-from', (d) => d.from)
      .attr('data-ref', (d) => d.ref)
      .attr('transform', (_, i) => `translate(0, ${TOP + i * ROW})`);
    entered.append('line');
    entered.append('text').attr('class', 'label');
    entered.each(function (d) {
      const id = `arrow-${colour(d.sender).replace(/[^a-z0-9]/gi, '')}`;
      marker(id, colour(d.sender));
      const line = select(this)
        .select('line')
        .attr('x1', x(d.from))
        .attr('x2', x(d.from))
        .attr('y1', 14)
        .attr('y2', 14)
        .attr('stroke', d.kind === 'refused' ? 'var(--bad)' : colour(d.sender))
        .attr('stroke-width', d.kind === 'down' || d.kind === 'up' ? 2.2 : 1.6)
        .attr('stroke-dasharray', d.kind === 'ack' || d.kind === 'refused' ? '5 4' : null)
        .attr('marker-end', `url(#${id})`);
      line.transition().duration(motion).attr('x2', x(d.to));
    });

    // Rows already drawn just move up as new ones arrive; only new hops animate.
    groups
      .select<SVGLineElement>('line')
      .attr('x1', (d) => x(d.from))
      .attr('x2', (d) => x(d.to));
    const all = entered.merge(groups);
    all.attr('transform', (_, i) => `translate(0, ${TOP + i * ROW})`);
    all
      .select<SVGTextElement>('text.label')
      .attr('x', (d) => (x(d.from) + x(d.to)) / 2)
      .attr('y', 8)
      .attr('text-anchor', 'middle')
      .attr('fill', (d) => (d.kind === 'refused' ? 'var(--bad)' : 'var(--text)'))
      .text((d) => d.label)
      .each(function () {
        // Keep every label inside the diagram: short arrows near an edge would otherwise clip it (phones).
        const half = this.getComputedTextLength() / 2 + 4;
        const mid = Number(this.getAttribute('x'));
        this.setAttribute('x', String(Math.min(width - half, Math.max(half, mid))));
      });
  }

  // Lanes are spread over the container's width: redraw when it changes (phone rotation, sidebar).
  new ResizeObserver(() => {
    rows.selectAll<SVGGElement, Hop>('g.hop').each(function (d) {
      select(this).select('line').interrupt().attr('x2', x(d.to));
    });
    render(last);
  }).observe(container);

  render(last);
  return { render };
}
