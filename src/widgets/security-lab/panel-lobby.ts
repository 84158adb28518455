// The lobby connection every panel starts with: it drives the frame's status line and enables the controls.
import type { Frame } from '../../lib/widget-frame.ts';
import { openLobby, type SecureSocket } from './clients.ts';

export async function connectLobby(ui: Frame, onReady: (ready: boolean) => void): Promise<SecureSocket> {
  ui.setState('loading', 'Connecting…');
  const lobby = await openLobby();
  lobby.on('connect', () => {
    ui.setState('connected', 'Live: connected to the lab’s own Socket.IO server.');
    onReady(true);
  });
  lobby.on('disconnect', () => {
    ui.setState('partial', 'Reconnecting…');
    onReady(false);
  });
  lobby.on('connect_error', () => {
    if (!lobby.active) return;
    ui.setState('unreachable', 'Demo server unreachable.');
    onReady(false);
  });
  return lobby;
}
