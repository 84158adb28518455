// Draws the ack lab: a D3 chart of measured times per job (each ACK that came back, accepted or late, and each
// timeout), and a table with one row per job. Reads the model only.
import { select } from 'd3-selection';
import { scaleLinear, scalePoint } from 'd3-scale';
import { axisBottom, axisLeft } from 'd3-axis';
import { lateAcks, roundTrip, type AckLabState, type Job } from './model.ts';
import { count } from '../../lib/plural.ts';

const H = 220;
const M = { top: 14, right: 14, bottom: 34, left: 52 };
const VISIBLE = 12;
const DOT_R = 6;
/** Pixels between a dot's top and the timeout label's bottom edge. */
const LABEL_GAP = 3;

interface Mark {
  key: string;
  job: number;
  ms: number;
  kind: 'ok' | 'late' | 'timeout';
}

function marks(jobs: Job[]): Mark[] {
  const out: Mark[] = [];
  for (const j of jobs) {
    const rtt = roundTrip(j);
    if (rtt !== undefined) out.push({ key: `${j.ref}:ok`, job: j.index, ms: rtt, kind: 'ok' });
    if (j.outcome === 'timeout')
      out.push({ key: `${j.ref}:timeout`, job: j.index, ms: j.settledAt! - j.sentAt, kind: 'timeout' });
    for (const a of lateAcks(j))
      out.push({ key: `${j.ref}:${a.key}`, job: j.index, ms: a.ackAt! - j.sentAt, kind: 'late' });
  }
  return out;
}

export function createAckView(chartBox: HTMLElement, tbody: HTMLTableSectionElement) {
  const svg = select(chartBox)
    .append('svg')
    .attr('class', 'ack-chart')
    .attr('role', 'img')
    .attr(
      'aria-label',
      'Chart of measured times per job: accepted acknowledgements, timeouts and late acknowledgements. The table below lists the same numbers.',
    );
  const gx = svg.append('g').attr('class', 'axis x');
  const gy = svg.append('g').attr('class', 'axis y');
  const limit = svg.append('g').attr('class', 'limit');
  limit.append('line');
  limit.append('text').attr('class', 'limit-label');
  const dots = svg.append('g').attr('class', 'dots');
  svg
    .append('text')
    .attr('class', 'y-title')
    .attr('transform', 'rotate(-90)')
    .attr('text-anchor', 'middle')
    .text('ms after the emit');

  function renderChart(state: AckLabState, timeoutMs: number) {
    const jobs = state.jobs.slice(-VISIBLE);
    const width = chartBox.clientWidth || 600;
    svg.attr('viewBox', `0 0 ${width} ${H}`).attr('width', width).attr('height', H);
    const all = marks(jobs);
    const max = Math.max(timeoutMs, 500, ...all.map((m) => m.ms)) * 1.12;
    const x = scalePoint<number>()
      .domain(jobs.length ? jobs.map((j) => j.index) : [1])
      .range([M.left + 16, width - M.right - 16]);
    const y = scaleLinear()
      .domain([0, max])
      .range([H - M.bottom, M.top])
      .nice();
    gx.attr('transform', `translate(0,${H - M.bottom})`).call(axisBottom(x).tickFormat((d) => `#${d}`));
    gy.attr('transform', `translate(${M.left},0)`).call(axisLeft(y).ticks(5));
    svg
      .select('.y-title')
      .attr('x', -(H - M.bottom + M.top) / 2)
      .attr('y', 12);
    limit
      .select('line')
      .attr('x1', M.left)
      .attr('x2', width - M.right)
      .attr('y1', y(timeoutMs))
      .attr('y2', y(timeoutMs));
    // The label sits clear of the line's dots. A timed-out dot (r 6) is drawn at its measured time, which a late
    // timer puts a few ms above the line, so a fixed offset was covered by a pixel whenever the timer ran late:
    // the label's bottom edge is placed above the highest timed-out dot under it, measured in the font in use.
    const labelX = width - M.right;
    const label = limit
      .select<SVGTextElement>('text')
      .attr('x', labelX)
      .attr('text-anchor', 'end')
      .text(`timeout ${timeoutMs} ms`);
    const labelWidth = label.node()?.getComputedTextLength?.() ?? 90;
    const under = all.filter((m) => m.kind === 'timeout' && (x(m.job) ?? 0) + DOT_R >= labelX - labelWidth);
    const clearOf = Math.min(y(timeoutMs), ...under.map((m) => y(m.ms))) - DOT_R - LABEL_GAP;
    label.attr('y', clearOf);
    const box = label.node()?.getBBox?.();
    if (box && box.height > 0) label.attr('y', clearOf - (box.y + box.height - clearOf));
    const sel = dots.selectAll<SVGGElement, Mark>('g.mark').data(all, (d) => d.key);
    sel.exit().remove();
    const entered = sel
      .enter()
      .append('g')
      .attr('class', (d) => `mark ${d.kind}`)
      .attr('data-kind', (d) => d.kind);
    entered.append('circle').attr('r', DOT_R);
    entered.append('title');
    entered
      .merge(sel)
      .attr('transform', (d) => `translate(${x(d.job) ?? 0},${y(d.ms)})`)
      .select('title')
      .text(
        (d) =>
          `Job ${d.job}: ${d.kind === 'ok' ? 'acknowledged' : d.kind === 'late' ? 'late ACK arrived' : 'timed out'} at ${Math.round(d.ms)} ms`,
      );
  }

  function renderTable(state: AckLabState) {
    const rows = select(tbody)
      .selectAll<HTMLTableRowElement, Job>('tr')
      .data([...state.jobs].reverse(), (d) => d.ref);
    rows.exit().remove();
    const entered = rows.enter().append('tr');
    for (let i = 0; i < 6; i++) entered.append('td');
    const all = entered.merge(rows).order();
    all
      .attr('data-ref', (d) => d.ref)
      .attr('data-outcome', (d) => d.outcome)
      .attr('data-runs', (d) => d.serverRuns.length)
      .attr('data-late', (d) => lateAcks(d).length)
      .attr('data-attempts', (d) => d.attempts.length);
    all.each(function (d) {
      const cells = select(this).selectAll('td').nodes() as HTMLTableCellElement[];
      const rtt = roundTrip(d);
      cells[0]!.textContent = `#${d.index}`;
      cells[1]!.textContent =
        d.mode === 'retries' ? `retries ${d.retries}, ackTimeout ${d.timeoutMs}` : `timeout(${d.timeoutMs})`;
      cells[2]!.textContent = `${d.delayMs} ms${d.mode === 'retries' && d.slow === 'first' ? ' (first run)' : ''}`;
      cells[3]!.textContent =
        d.outcome === 'pending' ? 'waiting…' : d.outcome === 'ok' ? `✓ ${Math.round(rtt!)} ms` : '✗ timed out';
      cells[3]!.className = `outcome ${d.outcome}`;
      const late = lateAcks(d).length;
      cells[4]!.textContent = `${d.attempts.length} sent, ${d.attempts.filter((a) => a.ackAt !== undefined).length} back${late ? ` (${late} late)` : ''}`;
      const runs = d.serverRuns.length;
      cells[5]!.textContent = runs > 1 ? `${runs} runs — duplicate` : count(runs, 'run');
      cells[5]!.className = runs > 1 ? 'runs dup' : 'runs';
    });
  }

  return {
    render(state: AckLabState, timeoutMs: number) {
      renderChart(state, timeoutMs);
      renderTable(state);
    },
  };
}
