// Draws the wires (one card per real Engine.IO connection, with the namespaces it carries) and the packet list,
// coloured per namespace, with D3's data join. Reads the model only.
import { select } from 'd3-selection';
import type { NsRow, NsState, Wire } from './model.ts';

const NSP_CLASS: Record<string, string> = { '/': 'ns-root', '/lab-news': 'ns-news', '/lab-chat': 'ns-chat' };
const nspClass = (nsp?: string) => (nsp ? (NSP_CLASS[nsp] ?? 'ns-other') : 'ns-none');

export function createNamespacesView(wiresBox: HTMLElement, list: HTMLOListElement) {
  return {
    render(state: NsState) {
      const wires = select(wiresBox)
        .selectAll<HTMLLIElement, Wire>('li')
        .data(state.wires, (d) => String(d.id));
      wires.exit().remove();
      const entered = wires.enter().append('li').attr('class', 'wire');
      entered.append('span').attr('class', 'wire-name');
      entered.append('code').attr('class', 'wire-sid');
      entered.append('span').attr('class', 'wire-nsps');
      const all = entered.merge(wires);
      all
        .attr('data-wire', (d) => d.id)
        .attr('data-sid', (d) => d.sid ?? '')
        .attr('data-nsps', (d) => d.nsps.join(' '));
      all.select('.wire-name').text((d) => `Connection ${d.id}`);
      all.select('.wire-sid').text((d) => `sid ${d.sid ?? '…'}`);
      all.select('.wire-nsps').each(function (d) {
        const chips = select(this)
          .selectAll<HTMLSpanElement, string>('span.chip')
          .data(d.nsps, (n) => n);
        chips
          .enter()
          .append('span')
          .attr('class', (n) => `chip ${nspClass(n)}`)
          .text((n) => n);
      });

      const rows = select(list)
        .selectAll<HTMLLIElement, NsRow>('li')
        .data(state.rows.slice(-120), (d) => String(d.seq));
      rows.exit().remove();
      const added = rows.enter().append('li');
      added.each(function (d) {
        const li = select(this)
          .attr('class', `row ${d.dir} ${nspClass(d.nsp)}`)
          .attr('data-seq', d.seq)
          .attr('data-wire', d.wire)
          .attr('data-dir', d.dir)
          .attr('data-nsp', d.nsp ?? null)
          .attr('data-engine-type', d.engineType)
          .attr('data-socket-type', d.socketType ?? null);
        li.append('span').attr('class', 'wire-tag').text(`#${d.wire}`);
        li.append('span')
          .attr('class', 'dir')
          .text(d.dir === 'out' ? 'client → server' : 'server → client');
        li.append('span')
          .attr('class', `chip ${nspClass(d.nsp)}`)
          .text(d.nsp ?? 'Engine.IO');
        li.append('code').attr('class', 'raw').text(d.raw);
        li.append('span').attr('class', 'meaning').text(d.summary);
      });
      const box = list.parentElement;
      if (box && added.size()) box.scrollTop = box.scrollHeight;
    },
  };
}
