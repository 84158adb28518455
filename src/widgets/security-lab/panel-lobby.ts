// The lobby connection every panel starts with: it drives the frame's status line and enables the controls.
import { STATUS_WORDING } from '../../lib/widget/connection-status.ts';
import type { Frame } from '../../lib/widget/widget-frame.ts';
import { openLobby, type SecureSocket } from './clients.ts';

export async function connectLobby(ui: Frame, onReady: (ready: boolean) => void): Promise<SecureSocket> {
  ui.setState('loading', STATUS_WORDING.connecting);
  const lobby = await openLobby();
  lobby.on('connect', () => {
    ui.setState('connected', 'Live: connected to the lab’s own Socket.IO server.');
    onReady(true);
  });
  lobby.on('disconnect', () => {
    ui.setState('partial', STATUS_WORDING.connecting);
    onReady(false);
  });
  lobby.on('connect_error', () => {
    if (!lobby.active) return;
    ui.setState('unreachable', STATUS_WORDING.unreachable);
    onReady(false);
  });
  return lobby;
}
