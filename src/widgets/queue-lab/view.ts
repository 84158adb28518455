// D3 drawing of the queue lab: queue depth over time (ready and in flight), and one row per message with a mark
// at each lifecycle event, on the same time axis (the server's clock). Reads the model only; never a socket.
import { select, type Selection } from 'd3-selection';
import { scaleLinear } from 'd3-scale';
import {
  area,
  curveStepAfter,
  line,
  symbol,
  symbolCircle,
  symbolCross,
  symbolDiamond,
  symbolSquare,
  symbolTriangle,
  symbolWye,
  type SymbolType,
} from 'd3-shape';
import { axisBottom, axisLeft } from 'd3-axis';
import type { MarkType, MessageRow, QueueView } from './model.ts';

export const MARK_STYLE: Record<MarkType, { label: string; symbol: SymbolType; colour: string; hollow?: boolean }> = {
  enqueued: { label: 'enqueued', symbol: symbolCircle, colour: 'var(--muted)', hollow: true },
  delivered: { label: 'delivered', symbol: symbolCircle, colour: 'var(--accent)' },
  redelivered: { label: 'delivered again', symbol: symbolDiamond, colour: 'var(--warn)' },
  acked: { label: 'acked', symbol: symbolSquare, colour: 'var(--ok)' },
  requeued: { label: 'handed back', symbol: symbolTriangle, colour: 'var(--warn)', hollow: true },
  'dead-lettered': { label: 'dead-lettered', symbol: symbolCross, colour: 'var(--bad)' },
  deduped: { label: 'deduped (dropped)', symbol: symbolWye, colour: 'var(--muted)' },
  refused: { label: 'refused (full)', symbol: symbolSquare, colour: 'var(--bad)', hollow: true },
  dropped: { label: 'dropped (no subscriber)', symbol: symbolSquare, colour: 'var(--muted)', hollow: true },
};

/** The time axis spans the shown messages' lives: at least MIN_WINDOW_MS, at most MAX_WINDOW_MS. */
const MIN_WINDOW_MS = 12_000;
const MAX_WINDOW_MS = 60_000;
const ROW_H = 26;
const MAX_VISIBLE_ROWS = 10;
const CHART_H = 120;
const LABEL_W = 84;
const PAD_R = 14;
const MIN_GAP = 7;

export interface QueueLabView {
  /** `serverNow` is the demo server's clock now, estimated from the events' timestamps. */
  render(view: QueueView, serverNow: number): void;
}

const short = (text: string, n = 12) => (text.length > n ? `${text.slice(0, n - 1)}…` : text);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function drawSymbol<D>(sel: Selection<SVGPathElement, D, any, any>, typeOf: (d: D) => MarkType, size: number) {
  sel
    .attr('d', (d) => symbol(MARK_STYLE[typeOf(d)].symbol, size)() ?? '')
    .attr('fill', (d) => (MARK_STYLE[typeOf(d)].hollow ? 'var(--surface)' : MARK_STYLE[typeOf(d)].colour))
    .attr('stroke', (d) => MARK_STYLE[typeOf(d)].colour)
    .attr('stroke-width', 1.6);
}

export function createQueueLabView(depthBox: HTMLElement, rowsBox: HTMLElement, legendBox: HTMLElement): QueueLabView {
  // Legend: one symbol per lifecycle event, with its name.
  const items = select(legendBox)
    .selectAll('li')
    .data(Object.keys(MARK_STYLE) as MarkType[])
    .enter()
    .append('li');
  const sym = items
    .append('svg')
    .attr('width', 16)
    .attr('height', 16)
    .attr('viewBox', '-8 -8 16 16')
    .attr('aria-hidden', 'true');
  drawSymbol(sym.append('path'), (d) => d, 60);
  items.append('span').text((d) => MARK_STYLE[d].label);

  const depthSvg = select(depthBox)
    .append('svg')
    .attr('role', 'img')
    .attr(
      'aria-label',
      'Queue depth over time: messages ready in the queue (filled) and delivered but not yet acked (line). The event log lists the same changes in words.',
    );
  const gx = depthSvg.append('g').attr('class', 'axis x');
  const gy = depthSvg.append('g').attr('class', 'axis y');
  const readyPath = depthSvg.append('path').attr('class', 'ready').attr('data-series', 'ready');
  const flightPath = depthSvg.append('path').attr('class', 'in-flight').attr('data-series', 'in-flight');
  const depthKey = depthSvg.append('g').attr('class', 'key');

  const rowsSvg = select(rowsBox)
    .append('svg')
    .attr('role', 'img')
    .attr(
      'aria-label',
      'One row per message, with a mark at each lifecycle event: enqueued, delivered, acked, handed back, delivered again, dead-lettered. The event log lists the same events in words.',
    );
  const rowsG = rowsSvg.append('g').attr('class', 'rows');
  const empty = rowsSvg
    .append('text')
    .attr('class', 'empty')
    .attr('fill', 'var(--muted)')
    .text('Publish a message to see its life here.');

  function render(view: QueueView, serverNow: number) {
    const width = Math.max(300, depthBox.clientWidth || 600);
    const end = Math.max(serverNow, view.now?.at ?? 0);
    const rows = view.rows.slice(-MAX_VISIBLE_ROWS);
    const first = Math.min(end, ...rows.map((r) => r.marks[0]?.at ?? end)) - 1000;
    const span = Math.min(MAX_WINDOW_MS, Math.max(MIN_WINDOW_MS, end - first));
    const x = scaleLinear()
      .domain([end - span, end])
      .range([LABEL_W, width - PAD_R]);
    const secondsAgo = (v: number) => `${Math.round((v - end) / 1000)} s`;

    // Depth chart.
    const points = [...view.depth];
    if (view.now) points.push({ ...view.now, at: end });
    const top = Math.max(4, ...points.map((p) => Math.max(p.depth, p.inFlight)));
    const y = scaleLinear()
      .domain([0, top])
      .nice()
      .range([CHART_H - 22, 8]);
    depthSvg.attr('viewBox', `0 0 ${width} ${CHART_H}`).attr('width', width).attr('height', CHART_H);
    // Points older than the window are pinned to its left edge, so the step in force there still shows.
    const visible = points;
    const clampX = (at: number) => x(Math.max(at, end - span));
    readyPath
      .attr(
        'd',
        area<(typeof points)[number]>()
          .x((p) => clampX(p.at))
          .y0(y(0))
          .y1((p) => y(p.depth))
          .curve(curveStepAfter)(visible) ?? '',
      )
      .attr('fill', 'var(--accent-soft)')
      .attr('stroke', 'var(--accent)');
    flightPath
      .attr(
        'd',
        line<(typeof points)[number]>()
          .x((p) => clampX(p.at))
          .y((p) => y(p.inFlight))
          .curve(curveStepAfter)(visible) ?? '',
      )
      .attr('fill', 'none')
      .attr('stroke', 'var(--warn)')
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', '5 3');
    gx.attr('transform', `translate(0, ${CHART_H - 22})`).call(
      axisBottom(x)
        .ticks(Math.min(6, Math.floor(width / 90)))
        .tickFormat((v) => secondsAgo(Number(v))),
    );
    gy.attr('transform', `translate(${LABEL_W}, 0)`).call(
      axisLeft(y)
        .ticks(4)
        .tickFormat((v) => String(v)),
    );
    depthSvg.attr('data-ready', view.now?.depth ?? 0).attr('data-in-flight', view.now?.inFlight ?? 0);
    depthKey.selectAll('*').remove();
    depthKey
      .append('text')
      .attr('x', 4)
      .attr('y', 20)
      .attr('fill', 'var(--accent)')
      .text(`ready ${view.now?.depth ?? 0}`);
    depthKey
      .append('text')
      .attr('x', 4)
      .attr('y', 38)
      .attr('fill', 'var(--warn)')
      .text(`in flight ${view.now?.inFlight ?? 0}`);

    // Lifecycle rows: the newest messages, oldest at the top.
    const height = Math.max(2, rows.length) * ROW_H + 8;
    rowsSvg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    empty
      .attr('x', LABEL_W)
      .attr('y', 20)
      .attr('display', rows.length ? 'none' : null);
    const groups = rowsG.selectAll<SVGGElement, MessageRow>('g.msg').data(rows, (r) => r.id);
    groups.exit().remove();
    const entered = groups.enter().append('g').attr('class', 'msg');
    entered.append('text').attr('class', 'label').attr('x', 4).attr('dy', '0.35em');
    entered.append('line').attr('class', 'life');
    const all = entered.merge(groups);
    all
      .attr('transform', (_, i) => `translate(0, ${i * ROW_H + ROW_H / 2 + 4})`)
      .attr('data-id', (r) => r.id)
      .attr('data-text', (r) => r.text)
      .attr('data-state', (r) => r.state)
      .attr('data-poison', (r) => String(r.poison))
      .attr('data-delivered-to', (r) => r.deliveredTo.join(','));
    all
      .select<SVGTextElement>('text.label')
      .attr('fill', (r) => (r.poison ? 'var(--bad)' : 'var(--text)'))
      .text((r) => short(r.text));
    all
      .select<SVGLineElement>('line.life')
      .attr('x1', (r) => clampX(r.marks[0]?.at ?? end))
      .attr('x2', (r) =>
        r.state === 'ready' || r.state === 'in-flight' ? x(end) : clampX(r.marks[r.marks.length - 1]?.at ?? end),
      )
      .attr('stroke', 'var(--border)')
      .attr('stroke-width', 2);
    all.each(function (row) {
      // Events a few ms apart (enqueued then delivered at once) would hide each other: nudge later marks right.
      const xs: number[] = [];
      for (const m of row.marks) xs.push(Math.max(clampX(m.at), (xs[xs.length - 1] ?? -Infinity) + MIN_GAP));
      const marks = select(this).selectAll<SVGPathElement, MessageRow['marks'][number]>('path.mark').data(row.marks);
      marks.exit().remove();
      const m = marks.enter().append('path').attr('class', 'mark');
      m.append('title');
      const merged = m.merge(marks);
      merged
        .attr('data-type', (d) => d.type)
        .attr('data-consumer', (d) => d.consumer ?? '')
        .attr('transform', (_, i) => `translate(${xs[i]}, 0)`)
        .attr('opacity', (d) => (d.at < end - span ? 0.4 : 1));
      drawSymbol(merged, (d) => d.type, 70);
      merged
        .select('title')
        .text(
          (d) => `${MARK_STYLE[d.type].label}${d.consumer ? ` (${d.consumer})` : ''}${d.reason ? `: ${d.reason}` : ''}`,
        );
    });
  }

  return { render };
}
