// The auth panel: a "/private" socket with no token, a forged one, or a short-lived token from the server.
// When the token expires the server disconnects the socket ("io server disconnect"), and the page reconnects
// with socket.connect(): an `auth` object resends the old token, an `auth` function fetches a fresh one.
import type { AuthErrorData, PrivateWelcome } from '../../contract/index.ts';
import { announceGoal, type Frame } from '../../lib/widget/widget-frame.ts';
import { login, openPrivate, type AuthOption, type SecureSocket } from './clients.ts';
import {
  attemptStarted,
  connected,
  describeAttempt,
  disconnected,
  expired,
  initialAuth,
  refused,
  secondsLeft,
  tokenIssued,
  type AuthState,
  type AuthStrategy,
} from './model.ts';
import { connectLobby } from './panel-lobby.ts';
import { renderAttempts } from './view.ts';

/** A token that looks right but was not signed by this server: claims anyone could write. */
const FORGED = `sp1.${btoa(JSON.stringify({ sub: 'You', jti: 'forged', iat: 0, exp: 4102444800000 })).replace(/=+$/, '')}.bm90LXNpZ25lZA`;

export async function mountAuth(root: HTMLElement, panel: HTMLElement, ui: Frame): Promise<void> {
  const form =
    panel.querySelector<HTMLFormElement>('form[data-auth-form]') ?? (panel.querySelector('form') as HTMLFormElement);
  const meter = panel.querySelector<HTMLElement>('[data-meter]')!;
  const list = panel.querySelector<HTMLOListElement>('[data-attempts]')!;
  const buttons = [...form.querySelectorAll<HTMLButtonElement>('button')];
  let state: AuthState = initialAuth();
  let socket: SecureSocket | undefined;

  const read = () => {
    const d = new FormData(form);
    const seconds = Math.min(60, Math.max(2, Math.round(Number(d.get('seconds')) || 6)));
    return { seconds, strategy: (d.get('strategy') === 'function' ? 'function' : 'object') as AuthStrategy };
  };

  const render = () => {
    root.dataset.private = state.status;
    root.dataset.attempts = String(state.attempts.length);
    root.dataset.tokens = String(state.tokensIssued);
    root.dataset.expiries = String(state.expiries);
    root.dataset.renewals = String(state.renewals);
    const last = state.attempts[state.attempts.length - 1];
    if (last?.code) root.dataset.lastCode = last.code;
    meter.dataset.status = state.status;
    const left = secondsLeft(state, Date.now());
    meter.textContent =
      state.status === 'connected'
        ? `Connected to /private with token ${state.lastTokenId}: it expires in ${left} s.`
        : state.status === 'refused'
          ? 'Refused by the middleware: not connected.'
          : state.status === 'connecting'
            ? 'Handshake under way…'
            : 'Not connected to /private.';
    renderAttempts(list, state.attempts);
  };
  const update = (next: AuthState) => {
    state = next;
    render();
  };
  setInterval(() => state.status === 'connected' && render(), 500);

  const lobby = await connectLobby(ui, (ready) => buttons.forEach((b) => (b.disabled = !ready)));

  async function freshToken(seconds: number): Promise<{ token: string; tokenId: string } | undefined> {
    const res = await login(lobby, 'You', seconds);
    if (!res.ok) {
      ui.log(`Log in failed: ${res.error}`, 'bad');
      return undefined;
    }
    update(tokenIssued(state, res.data.tokenId, res.data.expiresAt));
    ui.log(`Server issued token ${res.data.tokenId}, valid for ${seconds} s.`, 'info', {
      kind: 'token',
      token: res.data.tokenId,
    });
    return res.data;
  }

  async function connect(kind: 'login' | 'none' | 'forged') {
    socket?.close();
    socket = undefined;
    const { seconds, strategy } = read();
    let auth: AuthOption;
    let label: string;
    if (kind === 'none') {
      auth = {};
      label = 'none';
    } else if (kind === 'forged') {
      auth = { token: FORGED };
      label = 'forged';
    } else if (strategy === 'object') {
      const t = await freshToken(seconds);
      if (!t) return;
      auth = { token: t.token };
      label = t.tokenId;
    } else {
      label = '';
      // Socket.IO calls this before every handshake: the first connection and every reconnection.
      auth = (cb) => {
        void freshToken(seconds).then((t) => {
          update(attemptStarted(state, t?.tokenId ?? 'none'));
          cb(t ? { token: t.token } : {});
        });
      };
    }
    const s = await openPrivate(auth, { transports: ['websocket'], reconnection: false });
    socket = s;
    s.on('security:welcome', (w: PrivateWelcome) => {
      const renewal = state.awaitingRenewal;
      update(connected(state, w));
      ui.log(describeAttempt(state.attempts[state.attempts.length - 1]!), 'ok', {
        kind: 'connected',
        token: w.tokenId,
      });
      if (renewal) {
        ui.log(`Back on /private with a fresh token, ${w.tokenId}.`, 'ok', { kind: 'renewed' });
        announceGoal('security:renewed');
      }
    });
    s.on('connect_error', (err: Error & { data?: AuthErrorData }) => {
      update(refused(state, err.message, err.data?.code));
      ui.log(describeAttempt(state.attempts[state.attempts.length - 1]!), 'bad', {
        kind: 'refused',
        code: err.data?.code ?? '',
      });
      if (err.data?.code) announceGoal('security:refused');
    });
    s.on('security:expired', ({ tokenId }) => {
      update(expired(state));
      ui.log(`Server: token ${tokenId} expired, so it disconnects this socket.`, 'bad', {
        kind: 'expired',
        token: tokenId,
      });
    });
    s.on('disconnect', (reason) => {
      if (socket !== s) return;
      update(disconnected(state));
      ui.log(`disconnect: "${reason}".`, 'info', { kind: 'disconnect', reason });
      // The server ended it, so Socket.IO will not reconnect by itself: the page decides to, as the docs advise.
      if (reason === 'io server disconnect' && state.awaitingRenewal) {
        ui.log('Page: socket.connect() to get back on.', 'info', { kind: 'reconnect' });
        if (typeof auth !== 'function') update(attemptStarted(state, label));
        s.connect();
      }
    });
    if (typeof auth !== 'function') update(attemptStarted(state, label));
    s.connect();
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void connect('login');
  });
  form.querySelector('[data-no-token]')!.addEventListener('click', () => void connect('none'));
  form.querySelector('[data-forged]')!.addEventListener('click', () => void connect('forged'));
  form.querySelector('[data-disconnect]')!.addEventListener('click', () => {
    socket?.close();
    update(disconnected(state));
  });
  render();
}
