// The Origin panel: asks the server to attack itself as https://evil.example and as this page, then shows what
// really came back for each attempt.
import { FOREIGN_ORIGIN } from '../../contract/index.ts';
import { announceGoal, type Frame } from '../../lib/widget/widget-frame.ts';
import { request } from '../../lib/socket/virtual-clients.ts';
import { probeRows } from './model.ts';
import { connectLobby } from './panel-lobby.ts';
import { renderProbe } from './view.ts';

export async function mountOrigin(root: HTMLElement, panel: HTMLElement, ui: Frame): Promise<void> {
  const button = panel.querySelector<HTMLButtonElement>('[data-probe]')!;
  const tbody = panel.querySelector<HTMLTableSectionElement>('[data-probe-rows]')!;
  root.dataset.probe = 'idle';
  const lobby = await connectLobby(ui, (ready) => (button.disabled = !ready || root.dataset.probe === 'running'));

  button.addEventListener('click', async () => {
    root.dataset.probe = 'running';
    button.disabled = true;
    ui.log(
      'Asked the server to connect to itself with Origin https://evil.example, then with this page’s origin…',
      'info',
      { kind: 'probe' },
    );
    const res = await request(lobby, 'security:probe', {});
    button.disabled = !lobby.connected;
    if (!res.ok) {
      root.dataset.probe = 'failed';
      ui.log(res.error, 'bad', { kind: 'probe-failed' });
      return;
    }
    const rows = probeRows(res.data, FOREIGN_ORIGIN);
    renderProbe(tbody, rows);
    for (const r of rows) {
      const how = r.transport === 'polling' ? 'polling handshake' : 'WebSocket';
      ui.log(`${r.origin}, ${how}: ${r.outcome}. ${r.answer}`, r.outcome === 'refused' ? 'bad' : 'ok', {
        kind: 'attempt',
        outcome: r.outcome,
      });
    }
    root.dataset.probe = 'done';
    if (rows.some((r) => r.foreign && r.outcome === 'refused')) announceGoal('security:origin-refused');
  });
}
