// The wire panel: the learner sends a message over "/private"; the Engine.IO packet the browser really wrote is
// read off the connection ('packetCreate') and wrapped in the layers beneath it, shown as a ws:// or a wss://
// observer would see them. The CONNECT packet, with the token, is captured the same way.
import { announceGoal, type Frame } from '../../lib/widget/widget-frame.ts';
import { request } from '../../lib/socket/virtual-clients.ts';
import { tapOutgoing } from './clients.ts';
import { wrapPacket, type Scheme } from './layers.ts';
import { connectLobby } from './panel-lobby.ts';
import { selfLoggingPrivate } from './panel-private.ts';
import { renderHandshake, renderLayers } from './view.ts';

/** A token in a log line: enough to recognise, not enough to use. */
const shortenTokens = (packet: string) => packet.replace(/("token":"[^".]*\.[^".]{0,12})[^"]*"/, '$1…"');

export async function mountWire(root: HTMLElement, panel: HTMLElement, ui: Frame): Promise<void> {
  const form = panel.querySelector<HTMLFormElement>('form[data-wire-form]')!;
  const sendButton = form.querySelector<HTMLButtonElement>('[data-send]')!;
  const tbody = form.querySelector<HTMLTableSectionElement>('[data-layers]')!;
  const handshake = form.querySelector<HTMLUListElement>('[data-handshake]')!;
  let last: string | undefined;
  let schemesSeen = new Set<Scheme>();

  const scheme = (): Scheme => (new FormData(form).get('scheme') === 'wss' ? 'wss' : 'ws');
  const render = () => {
    const s = scheme();
    root.dataset.scheme = s;
    renderHandshake(handshake, s);
    if (!last) return;
    renderLayers(tbody, wrapPacket(last, s), s);
    schemesSeen.add(s);
    if (schemesSeen.size === 2) announceGoal('security:wire');
  };

  const lobby = await connectLobby(ui, () => {});
  const socket = await selfLoggingPrivate(lobby, ui, 'websocket', () => {
    sendButton.disabled = false;
    root.dataset.private = 'connected';
  });
  tapOutgoing(socket, (packet) => {
    if (packet.startsWith('40/private,')) {
      ui.log(
        `Your CONNECT packet: ${shortenTokens(packet)}. With ws:// anyone on the path can copy that token.`,
        'info',
        { kind: 'connect-packet' },
      );
    } else if (packet.startsWith('42/private,')) {
      last = packet;
      root.dataset.packetBytes = String(new TextEncoder().encode(packet).length);
      ui.log(`Your client wrote ${root.dataset.packetBytes} bytes: ${packet}`, 'info', { kind: 'packet' });
      schemesSeen = new Set();
      render();
    }
  });
  socket.on('disconnect', () => (sendButton.disabled = true));
  socket.connect();

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const text = String(new FormData(form).get('text') ?? '').slice(0, 200);
    const res = await request(socket, 'security:echo', { text });
    if (!res.ok) ui.log(`Not echoed: ${res.error}`, 'bad');
  });
  form.addEventListener('change', render);
  render();
}
