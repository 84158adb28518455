// Draws the lab as a graph with D3: the server, the lab's room ("everyone" here), the named rooms, and this page's
// four sockets, each in its own id room. Membership edges come from the server's snapshot; after a fire, the
// sockets that really received it light up and get an arrow from the server. It only reads the model's state.
import { select } from 'd3-selection';
import 'd3-transition';
import { ROOMS, type ExplorerState } from './model.ts';
import { cssVar, LANE_TOKENS, LIT_ID_TEXT } from './palette.ts';

const COLOURS = LANE_TOKENS.map(cssVar);
const HEIGHT = 300;
const Y = { server: 26, lab: 88, room: 160, sock: 244 };

interface SockNode {
  id: string;
  name: string;
  x: number;
  colour: string;
  rooms: string[];
  connected: boolean;
}

export interface ExplorerView {
  render(state: ExplorerState, order: string[], connected: Record<string, boolean>): void;
}

export function createExplorerView(container: HTMLElement, options: { reducedMotion: () => boolean }): ExplorerView {
  const svg = select(container)
    .append('svg')
    .attr('class', 'rooms-graph')
    .attr('role', 'img')
    .attr(
      'aria-label',
      'Graph of the server, your lab, its rooms and your four clients. The table above and the event log below say the same in words.',
    );
  const defs = svg.append('defs');
  defs
    .append('marker')
    .attr('id', 'rx-arrow')
    .attr('viewBox', '0 0 10 10')
    .attr('refX', 9)
    .attr('refY', 5)
    .attr('markerWidth', 7)
    .attr('markerHeight', 7)
    .attr('orient', 'auto')
    .append('path')
    .attr('d', 'M0,0 L10,5 L0,10 z')
    .attr('fill', 'var(--ok)');
  const edges = svg.append('g').attr('class', 'edges');
  const arrows = svg.append('g').attr('class', 'arrows');
  const nodes = svg.append('g').attr('class', 'nodes');
  let last: [ExplorerState, string[], Record<string, boolean>] | undefined;

  function render(state: ExplorerState, order: string[], connected: Record<string, boolean>) {
    last = [state, order, connected];
    const width = Math.max(300, container.clientWidth || 600);
    svg.attr('viewBox', `0 0 ${width} ${HEIGHT}`).attr('width', width).attr('height', HEIGHT);
    const motion = options.reducedMotion() ? 0 : 450;
    const fire = state.fire;
    const plan = fire?.plan;

    // This page's sockets, by the order of its client names; a client between connections has no socket.
    const byName = new Map(Object.entries(state.own).map(([id, name]) => [name, id]));
    const socks: SockNode[] = order.map((name, i) => {
      const id = byName.get(name) ?? '';
      const member = state.members.find((m) => m.id === id);
      return {
        id,
        name,
        x: (width * (2 * i + 1)) / (2 * order.length),
        colour: COLOURS[i % 4]!,
        rooms: member?.rooms ?? [],
        connected: Boolean(connected[name] && member),
      };
    });
    const roomX = (r: string) => (width * (ROOMS.indexOf(r as (typeof ROOMS)[number]) + 1)) / (ROOMS.length + 1);
    const targeted = (room: string) => Boolean(plan && plan.rooms.includes(room));
    const excluded = (room: string) => Boolean(plan && plan.exceptRooms.includes(room));
    const others = state.members.length - socks.filter((s) => s.connected).length;

    // Edges: server–lab, lab–socket (every socket here is in the lab's room), room–socket memberships.
    type Edge = {
      key: string;
      x1: number;
      y1: number;
      x2: number;
      y2: number;
      cls: string;
      room?: string;
      client?: string;
    };
    const list: Edge[] = [
      { key: 'server-lab', x1: width / 2, y1: Y.server + 14, x2: width / 2, y2: Y.lab - 14, cls: 'edge lab' },
    ];
    for (const s of socks) {
      if (!s.connected) continue;
      list.push({ key: `lab-${s.name}`, x1: width / 2, y1: Y.lab + 14, x2: s.x, y2: Y.sock - 22, cls: 'edge lab' });
      for (const r of s.rooms) {
        if (!ROOMS.includes(r as (typeof ROOMS)[number])) continue;
        list.push({
          key: `${r}-${s.name}`,
          x1: roomX(r),
          y1: Y.room + 14,
          x2: s.x,
          y2: Y.sock - 22,
          cls: 'edge member',
          room: r,
          client: s.name,
        });
      }
    }
    const e = edges.selectAll<SVGLineElement, Edge>('line').data(list, (d) => d.key);
    e.exit().remove();
    e.enter()
      .append('line')
      .merge(e)
      .attr('class', (d) => d.cls)
      .attr('data-room', (d) => d.room ?? null)
      .attr('data-client', (d) => d.client ?? null)
      .attr('x1', (d) => d.x1)
      .attr('y1', (d) => d.y1)
      .attr('x2', (d) => d.x2)
      .attr('y2', (d) => d.y2)
      .attr('stroke', (d) =>
        d.room && targeted(d.room) ? 'var(--accent)' : d.room && excluded(d.room) ? 'var(--bad)' : 'var(--border)',
      )
      .attr('stroke-width', (d) => (d.room ? 2.5 : 1.2))
      .attr('stroke-dasharray', (d) => (d.room && excluded(d.room) ? '5 4' : d.room ? null : '3 4'));

    // Fixed nodes: server, lab, rooms.
    type Box = { key: string; label: string; sub?: string; x: number; y: number; cls: string; state?: string };
    const boxes: Box[] = [
      { key: 'server', label: 'Server', sub: 'io', x: width / 2, y: Y.server, cls: 'server' },
      {
        key: 'lab',
        label: 'Your lab = “everyone”',
        sub: others > 0 ? `+${others} socket${others === 1 ? '' : 's'} on other pages` : undefined,
        x: width / 2,
        y: Y.lab,
        cls: 'lab',
        state: plan && !fire?.error && plan.rooms.length === 0 && !plan.direct ? 'target' : undefined,
      },
      ...ROOMS.map((r) => ({
        key: r,
        label: `"${r}"`,
        x: roomX(r),
        y: Y.room,
        cls: 'room',
        state: targeted(r) ? 'target' : excluded(r) ? 'except' : undefined,
      })),
    ];
    const b = nodes.selectAll<SVGGElement, Box>('g.box').data(boxes, (d) => d.key);
    const bIn = b
      .enter()
      .append('g')
      .attr('class', (d) => `box ${d.cls}`)
      .attr('data-node', (d) => d.key);
    bIn.append('rect').attr('rx', 8);
    bIn.append('text').attr('class', 'label').attr('text-anchor', 'middle');
    bIn.append('text').attr('class', 'sub').attr('text-anchor', 'middle');
    const bAll = bIn.merge(b).attr('data-state', (d) => d.state ?? null);
    bAll
      .select<SVGTextElement>('text.label')
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y + 4)
      .text((d) => d.label);
    bAll
      .select<SVGTextElement>('text.sub')
      .attr('x', (d) => d.x)
      .attr('y', (d) => d.y + 28)
      .text((d) => d.sub ?? '');
    bAll.each(function (d) {
      const g = select(this);
      const w = Math.min(
        width - 8,
        (g.select<SVGTextElement>('text.label').node()?.getComputedTextLength() ?? 60) + 22,
      );
      g.select('rect')
        .attr('x', d.x - w / 2)
        .attr('y', d.y - 13)
        .attr('width', w)
        .attr('height', 26);
    });

    // Sockets.
    const received = new Set(fire?.received ?? []);
    const s = nodes.selectAll<SVGGElement, SockNode>('g.sock').data(socks, (d) => d.name);
    const sIn = s.enter().append('g').attr('class', 'sock');
    sIn.append('circle').attr('class', 'halo').attr('r', 27);
    sIn.append('circle').attr('class', 'body').attr('r', 20);
    sIn.append('text').attr('class', 'label').attr('text-anchor', 'middle');
    sIn.append('text').attr('class', 'sub').attr('text-anchor', 'middle');
    const sAll = sIn
      .merge(s)
      .attr('data-client', (d) => d.name)
      .attr('data-socket', (d) => d.id || null)
      .attr('data-connected', (d) => String(d.connected))
      .attr('data-sender', (d) => String(Boolean(fire && d.id && fire.senderId === d.id)))
      .attr('data-received', (d) => String(Boolean(d.id && received.has(d.id))));
    sAll
      .select('circle.body')
      .attr('cx', (d) => d.x)
      .attr('cy', Y.sock)
      .attr('stroke', (d) => d.colour)
      .attr('fill', (d) => (d.id && received.has(d.id) ? d.colour : 'var(--surface)'));
    sAll
      .select('circle.halo')
      .attr('cx', (d) => d.x)
      .attr('cy', Y.sock)
      .attr('stroke', (d) => (fire && d.id === fire.senderId ? 'var(--text)' : 'none'));
    sAll
      .select<SVGTextElement>('text.label')
      .attr('x', (d) => d.x)
      .attr('y', Y.sock + 42)
      .text((d) => d.name);
    sAll
      .select<SVGTextElement>('text.sub')
      .attr('x', (d) => d.x)
      .attr('y', Y.sock + 4)
      // An inline style: the stylesheet's muted fill for ids would beat a presentation attribute.
      .style('fill', (d) => (d.id && received.has(d.id) ? cssVar(LIT_ID_TEXT) : null))
      .attr('font-weight', (d) => (d.id && received.has(d.id) ? 650 : null))
      .text((d) => (d.connected ? `#${d.id.slice(0, 4)}` : 'off'));

    // Arrows from the server to every socket that really received the last fire.
    const hits = socks.filter((d) => d.id && received.has(d.id)).map((d) => ({ ...d, ref: fire!.ref }));
    const a = arrows.selectAll<SVGPathElement, (typeof hits)[number]>('path').data(hits, (d) => `${d.ref}-${d.name}`);
    a.exit().remove();
    const path = (d: SockNode) => {
      const sx = width / 2 + (d.x - width / 2) * 0.15;
      return `M${sx},${Y.server + 14} C${d.x},${Y.server + 40} ${d.x},${Y.sock - 90} ${d.x},${Y.sock - 30}`;
    };
    a.enter()
      .append('path')
      .attr('class', 'hit')
      .attr('data-client', (d) => d.name)
      .attr('data-ref', (d) => d.ref)
      .attr('d', path)
      .attr('marker-end', 'url(#rx-arrow)')
      .attr('stroke-dasharray', '1000')
      .attr('stroke-dashoffset', motion ? 1000 : 0)
      .transition()
      .duration(motion)
      .attr('stroke-dashoffset', 0);
    a.attr('d', path);
  }

  // Nodes are spread over the container's width: redraw when it changes (phone rotation, sidebar).
  new ResizeObserver(() => {
    if (last) render(...last);
  }).observe(container);
  return { render };
}
