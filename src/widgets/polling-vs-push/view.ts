// Draws the last few seconds with D3: one lane per delivery method. Bars are HTTP requests (from the moment the
// page sent one until its answer came back; a long poll's bar is long because the server held it), dots are
// updates as each method delivered them, and faint lines mark when the WebSocket copy of each update arrived.
import { axisBottom } from 'd3-axis';
import { scaleBand, scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { METHODS, type Exchange, type Method, type PvpState, type Sighting } from './model.ts';

const WINDOW_MS = 20_000;
const SHORT_NAMES: Record<Method, string> = { short: 'Short poll', long: 'Long poll', push: 'Push' };
const LONG_NAMES: Record<Method, string> = { short: 'Short polling', long: 'Long polling', push: 'WebSocket push' };

export interface TimelineView {
  render(state: PvpState, now: number): void;
}

export function createTimelineView(container: HTMLElement): TimelineView {
  const svg = select(container)
    .append('svg')
    .attr('class', 'timeline')
    .attr('role', 'img')
    .attr(
      'aria-label',
      'Timeline of the last 20 seconds: HTTP requests as bars and delivered updates as dots, one lane per method. The table above gives the same counts as text.',
    );
  const guides = svg.append('g').attr('class', 'guides');
  const lanes = svg.append('g').attr('class', 'lanes');
  const bars = svg.append('g').attr('class', 'bars');
  const dots = svg.append('g').attr('class', 'dots');
  const axis = svg.append('g').attr('class', 'axis');

  function render(state: PvpState, now: number) {
    const width = container.clientWidth || 600;
    const narrow = width < 480;
    const left = narrow ? 80 : 112;
    const right = width - 14; // room for the newest dot
    const height = 3 * 44 + 34;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const x = scaleLinear()
      .domain([now - WINDOW_MS, now])
      .range([left, right]);
    const y = scaleBand<Method>()
      .domain([...METHODS])
      .range([6, height - 28])
      .padding(0.18);
    const inWindow = (t: number) => t >= now - WINDOW_MS;

    lanes
      .selectAll('g.lane')
      .data(METHODS)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'lane');
        g.append('rect');
        g.append('text');
        return g;
      })
      .attr('data-method', (d) => d)
      .call((g) =>
        g
          .select('rect')
          .attr('x', left)
          .attr('y', (d) => y(d)!)
          .attr('width', right + 8 - left)
          .attr('height', y.bandwidth())
          .attr('rx', 6),
      )
      .call((g) =>
        g
          .select('text')
          .attr('x', 4)
          .attr('y', (d) => y(d)! + y.bandwidth() / 2)
          .attr('dy', '0.35em')
          .text((d) => (narrow ? SHORT_NAMES[d] : LONG_NAMES[d])),
      );

    const pushTimes = state.marks.filter((m) => m.method === 'push' && inWindow(m.t));
    guides
      .selectAll('line')
      .data(pushTimes, (d) => (d as Sighting).seq)
      .join('line')
      .attr('x1', (d) => x(d.t))
      .attr('x2', (d) => x(d.t))
      .attr('y1', 6)
      .attr('y2', height - 28);

    const shown = state.exchanges.filter((e) => inWindow(e.answeredAt ?? now));
    bars
      .selectAll<SVGRectElement, Exchange>('rect')
      .data(shown, (d) => `${d.method}:${d.sentAt}`)
      .join('rect')
      .attr('data-method', (d) => d.method)
      .attr('class', (d) =>
        d.answeredAt !== undefined && d.updates === 0
          ? 'exchange empty'
          : d.answeredAt === undefined
            ? 'exchange open'
            : 'exchange',
      )
      .attr('x', (d) => Math.max(left, x(d.sentAt)))
      .attr('width', (d) => Math.max(2, x(d.answeredAt ?? now) - Math.max(left, x(d.sentAt))))
      .attr('y', (d) => y(d.method)! + y.bandwidth() / 2 - 5)
      .attr('height', 10)
      .attr('rx', 3);

    dots
      .selectAll<SVGCircleElement, Sighting>('circle')
      .data(
        state.marks.filter((m) => inWindow(m.t)),
        (d) => `${d.method}:${d.seq}`,
      )
      .join('circle')
      .attr('data-method', (d) => d.method)
      .attr('data-seq', (d) => d.seq)
      .attr('cx', (d) => x(d.t))
      .attr('cy', (d) => y(d.method)! + y.bandwidth() / 2)
      .attr('r', 6);

    axis.attr('transform', `translate(0, ${height - 26})`).call(
      axisBottom(x)
        .ticks(narrow ? 4 : 8)
        .tickFormat((d) => `${Math.round((Number(d) - now) / 1000)} s`),
    );
  }

  return { render };
}
