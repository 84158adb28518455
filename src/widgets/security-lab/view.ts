// Draws the security lab's panels from the model with d3-selection joins: the probe's results, the handshakes,
// and the layers of the last packet with what an observer reads. Text only, never HTML: packets carry learner text.
import { select } from 'd3-selection';
import { describeAttempt, type AuthAttempt, type ProbeRow } from './model.ts';
import { handshakeVisibility, observerView, type Scheme, type WireLayer } from './layers.ts';

export function renderProbe(tbody: HTMLTableSectionElement, rows: ProbeRow[]): void {
  select(tbody).selectAll('tr.empty').remove(); // the "nothing yet" row carries no data
  const tr = select(tbody)
    .selectAll<HTMLTableRowElement, ProbeRow>('tr')
    .data(rows, (d) => d.key)
    .join('tr');
  tr.attr('data-origin', (d) => d.origin)
    .attr('data-transport', (d) => d.transport)
    .attr('data-outcome', (d) => d.outcome)
    .attr('data-foreign', (d) => String(d.foreign));
  const cells = tr
    .selectAll<HTMLTableCellElement, string[]>('td')
    .data((d) => [
      ['origin', d.origin],
      ['transport', d.transport === 'polling' ? 'HTTP long-polling' : 'WebSocket'],
      ['outcome', d.outcome],
      ['answer', d.answer],
      ['cors', d.cors],
    ])
    .join('td');
  cells.attr('class', (d) => d[0]!).text((d) => d[1]!);
}

export function renderAttempts(list: HTMLOListElement, attempts: AuthAttempt[]): void {
  select(list)
    .selectAll<HTMLLIElement, AuthAttempt>('li')
    .data(attempts, (d) => String(d.n))
    .join('li')
    .attr('data-outcome', (d) => d.outcome)
    .attr('data-code', (d) => d.code ?? null)
    .text(describeAttempt);
}

interface LayerRow extends WireLayer {
  visible: string;
  note: string;
}

export function renderLayers(tbody: HTMLTableSectionElement, layers: WireLayer[], scheme: Scheme): void {
  const seen = new Map(observerView(scheme).map((v) => [v.layer, v]));
  const largest = Math.max(...layers.map((l) => l.total));
  const rows: LayerRow[] = layers.map((l) => ({
    ...l,
    visible: seen.get(l.id)?.visible ?? 'nothing',
    note: seen.get(l.id)?.note ?? '',
  }));
  select(tbody).selectAll('tr.empty').remove();
  const tr = select(tbody)
    .selectAll<HTMLTableRowElement, LayerRow>('tr')
    .data(rows, (d) => d.id)
    .join('tr');
  tr.attr('data-layer', (d) => d.id)
    .attr('data-visible', (d) => d.visible)
    .attr('data-bytes', (d) => d.total);

  tr.selectAll('td').remove();
  const name = tr.append('td').attr('class', 'name');
  name.append('strong').text((d) => d.name);
  name.append('span').text(' ');
  name
    .append('span')
    .attr('class', (d) => `tag ${d.real ? 'real' : 'illustrative'}`)
    .text((d) => (d.real ? 'real' : 'illustrative'));
  const bytes = tr.append('td').attr('class', 'bytes');
  bytes.append('span').text((d) => (d.id === 'socketio' ? String(d.total) : `${d.total} (+${d.overhead})`));
  bytes
    .append('span')
    .attr('class', 'bar')
    .attr('aria-hidden', 'true')
    .style('width', (d) => `${Math.max(4, (d.total / largest) * 100)}%`);
  const what = tr.append('td').attr('class', 'what');
  what
    .append('span')
    .text((d) => (d.visible === 'nothing' ? 'Nothing: ' : d.visible === 'header' ? 'The header: ' : 'Everything: '));
  what.append('span').text((d) => d.note);
  what
    .filter((d) => d.visible === 'all' && d.id === 'socketio')
    .append('code')
    .attr('class', 'packet')
    .text((d) => d.detail);
}

export function renderHandshake(list: HTMLUListElement, scheme: Scheme): void {
  select(list)
    .selectAll<HTMLLIElement, { item: string; visible: boolean }>('li')
    .data(handshakeVisibility(scheme), (d) => d.item)
    .join('li')
    .attr('data-visible', (d) => String(d.visible))
    .text((d) => `${d.visible ? 'Sees' : 'Cannot see'}: ${d.item}`);
}
