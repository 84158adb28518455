// Draws one lane per client with D3: a strip of the last numbers, each cell coloured by how it arrived
// (live, late, replayed/recovered, missing), a mark above any number that came more than once, and a line where
// the client went away. Counters are HTML beside it (and data-* for tests). Reads the model; no sockets here.
import { select, type Selection } from 'd3-selection';
import { cells, summarize, type Cell, type LabModel, type Lane, type Strategy } from './model.ts';

const CELL = 6;
const GAP = 1;
const H = 22;

export interface LaneView {
  render(model: LabModel, strategy: Strategy): void;
}

/** Sets an attribute only where its value differs: a write of the same value still restyles the element. */
function setIfChanged<E extends Element, D>(
  sel: Selection<E, D, SVGSVGElement, null>,
  name: string,
  value: (d: D) => string,
) {
  sel.each(function (d) {
    const v = value(d);
    if (this.getAttribute(name) !== v) this.setAttribute(name, v);
  });
}

export function createLaneView(root: HTMLElement): LaneView {
  const laneEls = new Map<string, HTMLElement>();
  for (const el of root.querySelectorAll<HTMLElement>('[data-lane]')) laneEls.set(el.dataset.lane!, el);

  // A lane redraws on every event (10 a second, in three lanes): only what changed is written, and each strip's
  // width is read before anything is drawn, so one frame lays the page out once instead of once per lane.
  function drawStrip(box: HTMLElement, width: number, lane: Lane) {
    const n = Math.floor(width / (CELL + GAP));
    const data = cells(lane, n);
    const svg = select(box)
      .selectAll<SVGSVGElement, null>('svg')
      .data([null])
      .join((enter) =>
        enter
          .append('svg')
          .attr('role', 'img')
          .attr(
            'aria-label',
            `${lane.name}’s lane: the last numbers it should have, coloured by how they arrived. The counters beside it say the same in words.`,
          ),
      );
    if (svg.attr('width') !== String(width)) {
      svg
        .attr('width', width)
        .attr('height', H + 8)
        .attr('viewBox', `0 0 ${width} ${H + 8}`);
    }
    const first = data[0]?.seq ?? 0;
    const x = (seq: number) => (seq - first) * (CELL + GAP);
    svg
      .selectAll<SVGRectElement, Cell>('rect.cell')
      .data(data, (d) => String(d.seq))
      .join((enter) =>
        enter
          .append('rect')
          .attr('data-seq', (d) => d.seq)
          .attr('y', 8.5)
          .attr('width', CELL - 1)
          .attr('height', H - 1)
          .attr('rx', 1),
      )
      .call(setIfChanged, 'class', (d) => `cell c-${d.kind}`)
      .call(setIfChanged, 'data-kind', (d) => d.kind)
      .call(setIfChanged, 'x', (d) => String(x(d.seq) + 0.5));
    svg
      .selectAll<SVGCircleElement, Cell>('circle.dup')
      .data(
        data.filter((d) => d.dupes > 0),
        (d) => String(d.seq),
      )
      .join((enter) =>
        enter
          .append('circle')
          .attr('class', 'dup')
          .attr('data-seq', (d) => d.seq)
          .attr('cy', 4)
          .attr('r', 2.6),
      )
      .call(setIfChanged, 'cx', (d) => String(x(d.seq) + CELL / 2));
    const breaks = lane.outages.filter((o) => o.afterSeq >= first && o.afterSeq < first + data.length);
    svg
      .selectAll<SVGLineElement, (typeof breaks)[number]>('line.away')
      .data(breaks, (d) => String(d.startedAt))
      .join('line')
      .attr('class', (d) => `away ${d.recovered ? 'recovered' : ''}`)
      .attr('x1', (d) => x(d.afterSeq) + CELL + GAP / 2)
      .attr('x2', (d) => x(d.afterSeq) + CELL + GAP / 2)
      .attr('y1', 0)
      .attr('y2', H + 8);
  }

  function counters(el: HTMLElement, lane: Lane, strategy: Strategy) {
    const s = summarize(lane);
    const set = (key: string, value: string | number) => {
      if (el.dataset[key] === String(value)) return;
      el.dataset[key] = String(value);
      const out = el.querySelector<HTMLElement>(`[data-count="${key}"]`);
      if (out) out.textContent = String(value);
    };
    set('received', s.received);
    set('unique', s.unique);
    set('missed', s.missed);
    set('recovered', s.recovered);
    set('duplicates', s.duplicates);
    set('serverSent', s.sentSoFar);
    set('from', s.from);
    set('sentByClient', lane.sentByClient);
    set('retries', lane.retries);
    el.dataset.matches = String(s.matches);
    el.dataset.outages = String(lane.outages.length);
    const check = el.querySelector<HTMLElement>('[data-match]')!;
    check.hidden = strategy === 'acks' || !lane.tracker;
    check.textContent = s.matches
      ? `✓ Up to #${s.serverSent}, the server’s own count: ${s.heldUpToCount} held + ${s.missedUpToCount} missed = ${s.serverSent - s.from + 1} sent since #${s.from}.`
      : `≠ Mismatch up to #${s.serverSent}: ${s.heldUpToCount} held + ${s.missedUpToCount} missed, but the server sent ${s.serverSent - s.from + 1} since #${s.from}.`;
    check.dataset.tone = s.matches ? 'ok' : 'bad';
    const note = el.querySelector<HTMLElement>('[data-session]')!;
    const o = s.lastOutage;
    if (!o) note.textContent = 'Connected since the start.';
    else if (o.endedAt === undefined)
      note.textContent =
        o.cause === 'reload' ? 'Reloading: the page and its socket are gone…' : 'Offline: waiting to reconnect…';
    else
      note.textContent = `Back after ${((o.endedAt - o.startedAt) / 1000).toFixed(1)} s (${o.reason ?? o.cause}). socket.recovered = ${o.recovered}.`;
    if (o?.endedAt !== undefined) el.dataset.recoveredSession = String(o.recovered);
    else delete el.dataset.recoveredSession;
  }

  return {
    render(model, strategy) {
      const lanes = model.lanes.flatMap((lane) => {
        const el = laneEls.get(lane.name);
        const box = el?.querySelector<HTMLElement>('[data-strip]');
        return el && box ? [{ lane, el, box, width: Math.max(120, box.clientWidth || 300) }] : [];
      });
      for (const { lane, el, box, width } of lanes) {
        drawStrip(box, width, lane);
        counters(el, lane, strategy);
      }
    },
  };
}
