// The limits panel: a burst of pings past the per-socket token bucket, and one message past the lab Server's
// maxHttpBufferSize, which closes the connection (the client then reconnects by itself).
import type { PrivateWelcome, SecureLimits } from '../../contract/index.ts';
import { announceGoal, type Frame } from '../../lib/widget/widget-frame.ts';
import { request } from '../../lib/socket/virtual-clients.ts';
import type { SecureSocket } from './clients.ts';
import { describeBurst, echoPacketBytes, sizeVerdict, tallyBurst } from './model.ts';
import { connectLobby } from './panel-lobby.ts';
import { selfLoggingPrivate } from './panel-private.ts';

type Transport = 'websocket' | 'polling';
const ANSWER_WAIT_MS = 4000;

export async function mountLimits(root: HTMLElement, panel: HTMLElement, ui: Frame): Promise<void> {
  const form = panel.querySelector<HTMLFormElement>('form[data-limits-form]')!;
  const burstButton = form.querySelector<HTMLButtonElement>('[data-burst]')!;
  const bigButton = form.querySelector<HTMLButtonElement>('[data-big]')!;
  const burstOut = form.querySelector<HTMLElement>('[data-burst-result]')!;
  const sizeOut = form.querySelector<HTMLElement>('[data-size-result]')!;
  let limits: SecureLimits | undefined;
  let socket: SecureSocket | undefined;
  let transport: Transport | undefined;
  let ready: Promise<void> = Promise.resolve();

  const enable = (on: boolean) => [burstButton, bigButton].forEach((b) => (b.disabled = !on));
  const lobby = await connectLobby(ui, (on) => {
    if (on && !socket) void use('websocket');
  });

  const onWelcome = (w: PrivateWelcome) => {
    if (root.dataset.private === 'disconnected')
      ui.log(`Reconnected to /private with a fresh token, ${w.tokenId}.`, 'ok', { kind: 'reconnected' });
    limits = w.limits;
    form.querySelector('[data-limit-rate]')!.textContent = String(w.limits.eventsPerSecond);
    form.querySelector('[data-limit-burst]')!.textContent = String(w.limits.eventBurst);
    form.querySelector('[data-limit-size]')!.textContent = `${w.limits.maxPayloadBytes} bytes`;
    root.dataset.private = 'connected';
    root.dataset.transport = transport;
    enable(true);
  };

  /** (Re)opens the private socket on one transport and resolves once it is welcomed. */
  function use(t: Transport): Promise<void> {
    if (transport === t) return ready;
    socket?.close();
    transport = t;
    enable(false);
    root.dataset.private = 'connecting';
    ready = (async () => {
      const s = await selfLoggingPrivate(lobby, ui, t, onWelcome);
      socket = s;
      const welcomed = new Promise<void>((resolve) => s.once('security:welcome', () => resolve()));
      s.on('disconnect', (reason) => {
        if (socket !== s) return;
        root.dataset.private = 'disconnected';
        enable(false);
        ui.log(
          `disconnect: "${reason}". The client reconnects by itself (its auth function fetches a new token).`,
          'bad',
          { kind: 'disconnect', reason },
        );
      });
      s.connect();
      await welcomed;
    })();
    return ready;
  }

  burstButton.addEventListener('click', async () => {
    if (!socket || !limits) return;
    const count = Math.min(50, Math.max(1, Math.round(Number(new FormData(form).get('count')) || 20)));
    const answers = await Promise.all(
      Array.from({ length: count }, (_, n) => request(socket!, 'security:ping', { n })),
    );
    const t = tallyBurst(answers);
    const text = describeBurst(t, limits.eventsPerSecond, limits.eventBurst);
    burstOut.textContent = text;
    burstOut.dataset.tone = t.limited ? 'bad' : 'ok';
    root.dataset.burstOk = String(t.ok);
    root.dataset.burstLimited = String(t.limited);
    ui.log(text, t.limited ? 'bad' : 'ok', { kind: 'burst' });
    if (t.limited) announceGoal('security:rate-limited');
  });

  bigButton.addEventListener('click', async () => {
    const d = new FormData(form);
    const size = Math.min(20_000, Math.max(1, Math.round(Number(d.get('size')) || 2000)));
    await use(d.get('transport') === 'polling' ? 'polling' : 'websocket');
    const s = socket;
    if (!s || !limits) return;
    const text = 'x'.repeat(size);
    const bytes = echoPacketBytes(text);
    const verdict = sizeVerdict(bytes, limits.maxPayloadBytes);
    ui.log(
      `Sending one ${bytes}-byte packet over ${transport} (the limit is ${limits.maxPayloadBytes}: ${verdict === 'fits' ? 'it fits' : 'too big'}).`,
      'info',
      { kind: 'big' },
    );
    root.dataset.sizeResult = 'pending';
    const closed = new Promise<string>((resolve) => s.once('disconnect', (reason) => resolve(reason)));
    const answered = request(s, 'security:echo', { text });
    const timeout = new Promise<'none'>((resolve) => setTimeout(() => resolve('none'), ANSWER_WAIT_MS));
    const result = await Promise.race([answered.then((a) => ({ a })), closed.then((reason) => ({ reason })), timeout]);
    if (result !== 'none' && 'reason' in result) {
      sizeOut.textContent = `Connection closed: the client saw disconnect "${result.reason}". The server never ran a handler for it.`;
      sizeOut.dataset.tone = 'bad';
      root.dataset.sizeResult = 'closed';
      root.dataset.closeReason = result.reason;
      announceGoal('security:too-big');
    } else if (result !== 'none' && result.a.ok) {
      sizeOut.textContent = `Echoed: the server got ${result.a.data.bytes} bytes of text and answered.`;
      sizeOut.dataset.tone = 'ok';
      root.dataset.sizeResult = 'echoed';
    } else {
      sizeOut.textContent = `No echo: ${result === 'none' ? 'no answer' : result.a.ok ? '' : result.a.error}`;
      sizeOut.dataset.tone = 'bad';
      root.dataset.sizeResult = 'refused';
    }
  });
}
