// A "/private" socket that logs itself in: its auth function fetches a fresh token before every handshake, so
// it comes back by itself after the server closes its connection. Used by the limits and wire panels.
import type { PrivateWelcome } from '../../contract/index.ts';
import type { Frame } from '../../lib/widget/widget-frame.ts';
import { login, openPrivate, type SecureSocket } from './clients.ts';

const TOKEN_SECONDS = 60;

export async function selfLoggingPrivate(
  lobby: SecureSocket,
  ui: Frame,
  transport: 'websocket' | 'polling',
  onWelcome: (w: PrivateWelcome) => void,
): Promise<SecureSocket> {
  const socket = await openPrivate(
    (cb) => {
      void login(lobby, 'You', TOKEN_SECONDS).then((res) => cb(res.ok ? { token: res.data.token } : {}));
    },
    { transports: [transport], reconnectionDelay: 500, reconnectionDelayMax: 2000 },
  );
  socket.on('security:welcome', onWelcome);
  socket.on('connect_error', (err) => ui.log(`/private: connect_error "${err.message}"`, 'bad'));
  // A token outlives this panel's demos; should one expire anyway, get back on with a fresh one.
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') socket.connect();
  });
  return socket;
}
