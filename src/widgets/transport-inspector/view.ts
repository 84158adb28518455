// Draws the inspector's rows as a list (newest at the bottom) with D3's data join: direction, the carrier,
// the raw packet text and what it means. It reads the model only; it never touches a socket.
import { select } from 'd3-selection';
import { carrierLabel, type InspectorState, type Row } from './model.ts';

const VISIBLE = 120;

export interface InspectorView {
  render(state: InspectorState): void;
}

export function createInspectorView(list: HTMLOListElement): InspectorView {
  const root = select(list);
  return {
    render(state) {
      const rows = state.rows.slice(-VISIBLE);
      const items = root.selectAll<HTMLLIElement, Row>('li').data(rows, (d) => String(d.seq));
      items.exit().remove();
      const entered = items.enter().append('li');
      entered.each(function (d) {
        const li = select(this);
        li.attr('data-kind', d.kind).attr('data-seq', d.seq);
        if (d.kind === 'note') {
          li.attr('class', `row note note-${d.note}`).attr('data-note', d.note);
          li.append('span').attr('class', 'seq').text(d.seq);
          li.append('span').attr('class', 'note-text').text(d.text);
          return;
        }
        li.attr('class', `row packet ${d.dir} ${d.carrier}`)
          .attr('data-dir', d.dir)
          .attr('data-carrier', d.carrier)
          .attr('data-engine-type', d.engineType)
          .attr('data-socket-type', d.socketType ?? null)
          .attr('data-probe', d.probe ? 'true' : null);
        li.append('span').attr('class', 'seq').text(d.seq);
        li.append('span')
          .attr('class', 'dir')
          .text(d.dir === 'out' ? 'client → server' : 'server → client');
        const batch = d.batch ? ` (${d.batch.index} of ${d.batch.size})` : '';
        li.append('span')
          .attr('class', 'carrier')
          .text(`${carrierLabel(d.carrier)}${batch}`);
        li.append('code').attr('class', 'raw').text(d.raw);
        li.append('span').attr('class', 'meaning').text(d.summary);
      });
      // Keep the newest row in view without moving the page.
      const box = list.parentElement;
      if (box && entered.size()) box.scrollTop = box.scrollHeight;
    },
  };
}
