// Draws a laid-out simulation with D3. Only the packets near the visible part of the scroll box are in the
// DOM (culling), and moving through time touches only what changes: packets not sent yet are hidden, packets
// in flight are drawn up to where they are now, finished ones are left alone. So a Play frame repaints a few
// lines, not the whole run, and stays smooth at 200 messages. It never reads layout back from the DOM while
// drawing (scroll position and height are tracked by events), so a frame forces no synchronous reflow.
import { select, type Selection } from 'd3-selection';
import { PROTOS, yOf, type DeliveryMark, type HoldMark, type Layout, type PacketMark } from './layout.ts';

const COLOUR: Record<string, string> = {
  data: 'var(--lane-1)',
  datagram: 'var(--lane-1)',
  ack: 'var(--lane-3)',
  dupack: 'var(--warn)',
  syn: 'var(--server)',
  synack: 'var(--server)',
  fin: 'var(--server)',
  finack: 'var(--server)',
};
const stroke = (p: PacketMark) => (p.lost ? 'var(--bad)' : p.retransmit ? 'var(--lane-2)' : COLOUR[p.kind]);

export interface TimelineView {
  draw(layout: Layout): void;
  setTime(t: number): void;
  /** Keeps the "now" line in view while playing or stepping. */
  follow(t: number): void;
}

/** Pixels above and below the visible part of the diagram that are drawn too, so scrolling shows no gaps. */
const CULL_MARGIN = 350;
const near = (lo: number, hi: number, top: number, bottom: number) => hi >= top && lo <= bottom;

export function createTimelineView(head: HTMLElement, scroll: HTMLElement, container: HTMLElement): TimelineView {
  const headSvg = select(head).append('svg').attr('aria-hidden', 'true');
  const svg = select(container)
    .append('svg')
    .attr('role', 'img')
    .attr(
      'aria-label',
      'Sequence diagrams of the TCP run (left) and the UDP run (right): client, server and application lanes, time flowing down. The event log below narrates the same events.',
    );
  const grid = svg.append('g').attr('class', 'grid');
  const lanes = svg.append('g').attr('class', 'lanes');
  const reveal = svg.append('g').attr('class', 'reveal');
  const now = svg.append('g').attr('class', 'now');
  now.append('line').attr('stroke', 'var(--accent)').attr('stroke-width', 1.5).attr('stroke-dasharray', '6 3');
  const nowLabel = now
    .append('text')
    .attr('class', 'label')
    .attr('fill', 'var(--accent)')
    .attr('text-anchor', 'end')
    .attr('dy', '-0.35em');
  let layout: Layout | null = null;
  const packetsLayer = reveal.append('g').attr('class', 'packets-layer');
  const appLayer = reveal.append('g').attr('class', 'apps-layer');
  // Tracked from events, never read while drawing: reading them after a write would force a reflow per frame.
  let viewTop = scroll.scrollTop;
  let viewHeight = scroll.clientHeight || 480;
  let drawnWindow = { top: NaN, bottom: NaN };
  let pending = 0;
  let nowY = 0;

  function drawHead(l: Layout) {
    headSvg.attr('viewBox', `0 0 ${l.width} 40`).attr('width', l.width).attr('height', 40);
    headSvg.selectAll('*').remove();
    for (const proto of PROTOS) {
      const ln = l.lanes[proto];
      headSvg
        .append('text')
        .attr('x', (ln.client + ln.app) / 2)
        .attr('y', 14)
        .attr('text-anchor', 'middle')
        .attr('font-weight', 700)
        .attr('fill', 'var(--text)')
        .text(proto === 'tcp' ? 'TCP' : 'UDP');
      for (const [x, name] of [
        [ln.client, 'client'],
        [ln.server, 'server'],
        [ln.app, 'app'],
      ] as const) {
        headSvg
          .append('text')
          .attr('x', x)
          .attr('y', 32)
          .attr('text-anchor', 'middle')
          .attr('fill', 'var(--muted)')
          .text(name);
      }
    }
  }

  function drawGrid(l: Layout) {
    grid.selectAll('*').remove();
    // A faint rule every "nice" step, about every 90 px, labelled in ms.
    const raw = 90 / l.pxPerMs;
    const pow = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
    for (let t = 0; t <= l.endMs; t += step) {
      const y = yOf(l, t);
      grid
        .append('line')
        .attr('x1', 0)
        .attr('x2', l.width)
        .attr('y1', y)
        .attr('y2', y)
        .attr('stroke', 'var(--border)')
        .attr('stroke-width', 0.6);
      grid
        .append('text')
        .attr('x', 2)
        .attr('y', y - 2)
        .attr('fill', 'var(--muted)')
        .attr('font-size', '0.85em')
        .text(`${Math.round(t)} ms`);
    }
    lanes.selectAll('*').remove();
    for (const proto of PROTOS) {
      const ln = l.lanes[proto];
      for (const [x, colour] of [
        [ln.client, 'var(--lane-1)'],
        [ln.server, 'var(--server)'],
        [ln.app, 'var(--ok)'],
      ] as const) {
        lanes
          .append('line')
          .attr('x1', x)
          .attr('x2', x)
          .attr('y1', 0)
          .attr('y2', l.height)
          .attr('stroke', colour)
          .attr('stroke-width', 1.2)
          .attr('stroke-dasharray', '3 4');
      }
      if (proto === 'udp') {
        lanes
          .append('line')
          .attr('x1', ln.left - 1)
          .attr('x2', ln.left - 1)
          .attr('y1', 0)
          .attr('y2', l.height)
          .attr('stroke', 'var(--border)')
          .attr('stroke-width', 2);
      }
    }
  }

  function drawPackets(g: Selection<SVGGElement, unknown, null, undefined>, packets: PacketMark[]) {
    const joined = g.selectAll<SVGGElement, PacketMark>('g.pkt').data(packets, (d) => `${d.proto}-${d.id}`);
    joined.exit().remove();
    const items = joined
      .enter()
      .append('g')
      .attr('class', 'pkt')
      .attr('data-proto', (d) => d.proto)
      .attr('data-kind', (d) => d.kind)
      .attr('data-lost', (d) => String(d.lost))
      .attr('data-retransmit', (d) => String(d.retransmit))
      .attr('data-seq', (d) => d.seq ?? null);
    items
      .append('line')
      .attr('x1', (d) => d.x1)
      .attr('y1', (d) => d.y1)
      .attr('x2', (d) => d.x1)
      .attr('y2', (d) => d.y1)
      .attr('stroke', stroke)
      .attr('stroke-width', (d) => (d.retransmit ? 2.6 : 1.5))
      .attr('stroke-dasharray', (d) => (d.kind === 'dupack' ? '4 3' : null));
    items
      .filter((d) => d.lost)
      .append('path')
      .attr(
        'd',
        (d) => `M${d.x2 - 5},${d.y2 - 5}L${d.x2 + 5},${d.y2 + 5}M${d.x2 - 5},${d.y2 + 5}L${d.x2 + 5},${d.y2 - 5}`,
      )
      .attr('stroke', 'var(--bad)')
      .attr('stroke-width', 2.2);
    items
      .filter((d) => d.label !== null)
      .append('text')
      .attr('class', 'label')
      .attr('x', (d) => (d.from === 'client' ? d.x1 + 4 : d.x1 - 4))
      .attr('y', (d) => d.y1 + 3)
      .attr('text-anchor', (d) => (d.from === 'client' ? 'start' : 'end'))
      .attr('fill', (d) => (d.lost ? 'var(--bad)' : 'var(--text)'))
      .text((d) => d.label as string);
  }

  function drawApp(g: Selection<SVGGElement, unknown, null, undefined>, deliveries: DeliveryMark[], holds: HoldMark[]) {
    const holdJoin = g.selectAll<SVGLineElement, HoldMark>('line.hold').data(holds, (d) => `${d.proto}-${d.msg}`);
    holdJoin.exit().remove();
    holdJoin
      .enter()
      .append('line')
      .attr('class', 'hold')
      .attr('data-proto', (d) => d.proto)
      .attr('data-msg', (d) => d.msg)
      .attr('x1', (d) => d.x)
      .attr('x2', (d) => d.x)
      .attr('y1', (d) => d.y1)
      .attr('y2', (d) => d.y2)
      .attr('stroke', 'var(--bad)')
      .attr('stroke-width', 2.5)
      .attr('stroke-dasharray', '2 2');
    const joined = g
      .selectAll<SVGGElement, DeliveryMark>('g.delivery')
      .data(deliveries, (d) => `${d.proto}-${d.msg}-${d.y}`);
    joined.exit().remove();
    const items = joined
      .enter()
      .append('g')
      .attr('class', 'delivery')
      .attr('data-proto', (d) => d.proto)
      .attr('data-msg', (d) => d.msg)
      .attr('data-in-order', (d) => String(d.inOrder));
    items
      .append('circle')
      .attr('cx', (d) => d.x)
      .attr('cy', (d) => d.y)
      .attr('r', 3.5)
      .attr('fill', (d) => (d.inOrder ? 'var(--ok)' : 'var(--warn)'));
    items
      .filter((d) => d.label !== null)
      .append('text')
      .attr('class', 'label')
      .attr('x', (d) => d.x + 6)
      .attr('y', (d) => d.y + 3.5)
      .attr('fill', (d) => (d.inOrder ? 'var(--text)' : 'var(--warn)'))
      .text((d) => d.label as string);
  }

  /**
   * Shows each drawn item as it is at y = nowY (time t): hidden before it starts, drawn up to nowY while in
   * flight, whole once done. Elements remember what they show, so only changes reach the DOM.
   */
  function applyTime(force: boolean) {
    packetsLayer.selectAll<SVGGElement, PacketMark>('g.pkt').each(function (d) {
      const el = this as SVGGElement & { shown?: string };
      const state = nowY < d.y1 ? 'hidden' : nowY >= d.y2 ? 'done' : 'flying';
      if (!force && state === el.shown && state !== 'flying') return;
      el.shown = state;
      el.style.display = state === 'hidden' ? 'none' : '';
      const f = state === 'done' ? 1 : state === 'hidden' ? 0 : (nowY - d.y1) / (d.y2 - d.y1);
      const line = el.firstElementChild as SVGLineElement;
      line.setAttribute('x2', String(d.x1 + f * (d.x2 - d.x1)));
      line.setAttribute('y2', String(d.y1 + f * (d.y2 - d.y1)));
      const cross = el.querySelector<SVGPathElement>('path');
      if (cross) cross.style.display = state === 'done' ? '' : 'none';
    });
    appLayer.selectAll<SVGGElement, DeliveryMark>('g.delivery').each(function (d) {
      const el = this as SVGGElement & { shown?: string };
      const state = nowY < d.y ? 'hidden' : 'done';
      if (!force && state === el.shown) return;
      el.shown = state;
      el.style.display = state === 'hidden' ? 'none' : '';
    });
    appLayer.selectAll<SVGLineElement, HoldMark>('line.hold').each(function (d) {
      const el = this as SVGLineElement & { shown?: string };
      const state = nowY < d.y1 ? 'hidden' : nowY >= d.y2 ? 'done' : 'waiting';
      if (!force && state === el.shown && state !== 'waiting') return;
      el.shown = state;
      el.style.display = state === 'hidden' ? 'none' : '';
      el.setAttribute('y2', String(Math.min(d.y2, Math.max(d.y1, nowY))));
    });
  }

  /** Puts in the DOM only what lies near the visible part of the scroll box. */
  function drawWindow() {
    if (!layout) return;
    const top = viewTop - CULL_MARGIN;
    const bottom = viewTop + viewHeight + CULL_MARGIN;
    if (top === drawnWindow.top && bottom === drawnWindow.bottom) return;
    drawnWindow = { top, bottom };
    drawPackets(
      packetsLayer,
      layout.packets.filter((p) => near(Math.min(p.y1, p.y2), Math.max(p.y1, p.y2), top, bottom)),
    );
    drawApp(
      appLayer,
      layout.deliveries.filter((d) => near(d.y, d.y, top, bottom)),
      layout.holds.filter((h) => near(h.y1, h.y2, top, bottom)),
    );
    applyTime(false); // new elements have no `shown` yet, so they get drawn; the rest are untouched
  }

  scroll.addEventListener(
    'scroll',
    () => {
      viewTop = scroll.scrollTop;
      if (!pending)
        pending = requestAnimationFrame(() => {
          pending = 0;
          drawWindow();
        });
    },
    { passive: true },
  );
  new ResizeObserver(() => {
    viewHeight = scroll.clientHeight || viewHeight;
    drawWindow();
  }).observe(scroll);

  function setTime(t: number) {
    if (!layout) return;
    const y = yOf(layout, t);
    nowY = y;
    applyTime(false);
    now.select('line').attr('x1', 0).attr('x2', layout.width).attr('y1', y).attr('y2', y);
    nowLabel
      .attr('x', layout.width - 4)
      .attr('y', y)
      .text(`t = ${Math.round(t)} ms`);
  }

  return {
    draw(l) {
      layout = l;
      svg.attr('viewBox', `0 0 ${l.width} ${l.height}`).attr('width', l.width).attr('height', l.height);
      drawHead(l);
      drawGrid(l);
      // A new layout: start the culled layers afresh (keys of the old run mean nothing now).
      packetsLayer.selectAll('*').remove();
      appLayer.selectAll('*').remove();
      drawnWindow = { top: NaN, bottom: NaN };
      drawWindow();
    },
    setTime,
    follow(t) {
      if (!layout) return;
      const y = yOf(layout, t);
      if (y >= viewTop + 20 && y <= viewTop + viewHeight - 30) return;
      viewTop = Math.max(0, Math.min(y - viewHeight * 0.8, layout.height - viewHeight)); // keep what led here in view
      scroll.scrollTop = viewTop;
      drawWindow();
    },
  };
}
