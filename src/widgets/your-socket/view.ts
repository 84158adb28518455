// Draws the lab's sockets with D3: one row per connection (the client's end on the left, the server's connected
// socket for it in the middle) and the server's ONE listening socket on the right, linked to every connected
// socket it accepted. A computed layout, not a force simulation: rows stay where a reader expects them.
import { select } from 'd3-selection';
import 'd3-transition';
import { formatAddress, formatEndpoint, type SocketGraph, type SocketRow } from './model.ts';

const ROW = 52;
const TOP = 34;

export interface SocketView {
  render(graph: SocketGraph): void;
}

export function createSocketView(container: HTMLElement, options: { reducedMotion: () => boolean }): SocketView {
  const svg = select(container)
    .append('svg')
    .attr('class', 'socket-graph')
    .attr('role', 'img')
    .attr(
      'aria-label',
      'Graph of the lab’s connections: each client’s socket, the server’s connected socket for it, and the server’s one listening socket. The table below lists the same 4-tuples as text.',
    );
  const frameLayer = svg.append('g').attr('class', 'frame');
  const linkLayer = svg.append('g').attr('class', 'links');
  const rowLayer = svg.append('g').attr('class', 'rows');
  const listenLayer = svg.append('g').attr('class', 'listening');

  function render(graph: SocketGraph) {
    const width = container.clientWidth || 600;
    const narrow = width < 480;
    const rows = graph.rows;
    const height = TOP + Math.max(1, rows.length) * ROW + 12;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height).classed('narrow', narrow);
    const col = {
      client: { x: 4, w: width * 0.37 },
      conn: { x: width * 0.47, w: width * 0.29 },
      listen: { x: width * 0.8, w: width * 0.2 - 12 },
    };
    const y = (i: number) => TOP + i * ROW + 4;
    const nodeH = ROW - 12;
    const motion = options.reducedMotion() ? 0 : 300;

    // Column headings and the server's outline.
    frameLayer.selectAll('*').remove();
    frameLayer
      .append('rect')
      .attr('class', 'server-box')
      .attr('x', col.conn.x - 8)
      .attr('y', 6)
      .attr('width', width - col.conn.x + 4)
      .attr('height', height - 10)
      .attr('rx', 10);
    frameLayer
      .append('text')
      .attr('class', 'heading')
      .attr('x', col.client.x)
      .attr('y', 22)
      .text(narrow ? 'Clients' : 'Clients (each its own TCP connection)');
    frameLayer
      .append('text')
      .attr('class', 'heading')
      .attr('x', col.conn.x)
      .attr('y', 22)
      .text(narrow ? 'Server' : 'Server: one process, many sockets');

    // The one listening socket, as tall as the rows it serves.
    const listenH = Math.max(nodeH, rows.length * ROW - 12);
    const listen = listenLayer.selectAll<SVGGElement, SocketGraph>('g.listen-node').data([graph]);
    const listenEnter = listen.enter().append('g').attr('class', 'listen-node');
    listenEnter.append('rect').attr('rx', 8);
    listenEnter.append('text').attr('class', 'title');
    listenEnter.append('text').attr('class', 'addr');
    const listenAll = listenEnter.merge(listen).attr('data-port', (d) => d.listening.port);
    listenAll
      .select('rect')
      .attr('x', col.listen.x)
      .attr('y', y(0))
      .attr('width', col.listen.w)
      .attr('height', listenH);
    listenAll
      .select('text.title')
      .attr('x', col.listen.x + col.listen.w / 2)
      .attr('y', y(0) + listenH / 2 - 6)
      .attr('text-anchor', 'middle')
      .text('listening');
    listenAll
      .select('text.addr')
      .attr('x', col.listen.x + col.listen.w / 2)
      .attr('y', y(0) + listenH / 2 + 9)
      .attr('text-anchor', 'middle')
      .text((d) => (narrow ? `:${d.listening.port}` : formatEndpoint(d.listening)));

    // "Accepted from" links: listening socket → each connected socket; TCP links: client ↔ connected socket.
    const links = linkLayer.selectAll<SVGGElement, SocketRow>('g.link').data(rows, (d) => d.socketId);
    links.exit().remove();
    const linkEnter = links.enter().append('g').attr('class', 'link');
    linkEnter.append('line').attr('class', 'tcp');
    linkEnter.append('line').attr('class', 'accepted');
    const linkAll = linkEnter.merge(links).attr('data-mine', (d) => String(d.mine));
    linkAll
      .select('line.tcp')
      .attr('x1', col.client.x + col.client.w)
      .attr('x2', col.conn.x)
      .attr('y1', (_, i) => y(i) + nodeH / 2)
      .attr('y2', (_, i) => y(i) + nodeH / 2);
    linkAll
      .select('line.accepted')
      .attr('x1', col.conn.x + col.conn.w)
      .attr('x2', col.listen.x)
      .attr('y1', (_, i) => y(i) + nodeH / 2)
      .attr('y2', (_, i) => y(i) + nodeH / 2);

    const groups = rowLayer.selectAll<SVGGElement, SocketRow>('g.conn').data(rows, (d) => d.socketId);
    groups.exit().remove();
    const entered = groups
      .enter()
      .append('g')
      .attr('class', 'conn')
      .attr('opacity', motion ? 0 : 1);
    entered.append('rect').attr('class', 'client-node').attr('rx', 8);
    entered.append('text').attr('class', 'name');
    entered.append('text').attr('class', 'addr client-addr');
    entered.append('rect').attr('class', 'conn-node').attr('rx', 8);
    entered.append('text').attr('class', 'title conn-title');
    entered.append('text').attr('class', 'addr conn-addr');
    if (motion) entered.transition().duration(motion).attr('opacity', 1);
    const all = entered
      .merge(groups)
      .attr('data-socket-id', (d) => d.socketId)
      .attr('data-name', (d) => d.name)
      .attr('data-port', (d) => d.client.port)
      .attr('data-mine', (d) => String(d.mine))
      .attr('transform', (_, i) => `translate(0, ${y(i)})`);
    all.select('rect.client-node').attr('x', col.client.x).attr('width', col.client.w).attr('height', nodeH);
    all
      .select('text.name')
      .attr('x', col.client.x + 8)
      .attr('y', 16)
      .text((d) => (d.mine ? d.name : `${d.name} (other tab)`));
    all
      .select('text.client-addr')
      .attr('x', col.client.x + 8)
      .attr('y', 32)
      .text((d) => (narrow ? `:${d.client.port}` : formatEndpoint(d.client)));
    all.select('rect.conn-node').attr('x', col.conn.x).attr('width', col.conn.w).attr('height', nodeH);
    all
      .select('text.conn-title')
      .attr('x', col.conn.x + 8)
      .attr('y', 16)
      .text(narrow ? 'socket' : 'connected socket');
    all
      .select('text.conn-addr')
      .attr('x', col.conn.x + 8)
      .attr('y', 32)
      .text((d) =>
        narrow ? `↔ :${d.client.port}` : `:${d.server.port} ↔ ${formatAddress(d.client.address)}:${d.client.port}`,
      );
  }

  return { render };
}
