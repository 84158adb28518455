// Draws the handshake: the real request and response heads, with a note on each header that matters, and the
// Sec-WebSocket-Accept check step by step. Text only, never HTML; never talks to a socket.
import type { HttpHead, WsHandshake } from '../../contract/index.ts';
import { noteFor, WEBSOCKET_GUID, type checkAccept } from './model.ts';

type AcceptCheck = Awaited<ReturnType<typeof checkAccept>>;

function drawHead(list: HTMLOListElement, head: HttpHead): void {
  const start = document.createElement('li');
  start.className = 'start';
  start.textContent = head.startLine;
  const lines = head.headers.map(([name, value]) => {
    const li = document.createElement('li');
    li.dataset.header = name.toLowerCase();
    li.textContent = `${name}: ${value}`; // text, never HTML
    const note = noteFor(name);
    const lower = name.toLowerCase();
    if (lower.startsWith('sec-websocket') || lower === 'upgrade' || lower === 'connection') li.dataset.keyHeader = '';
    if (note) {
      const span = document.createElement('span');
      span.className = 'note';
      span.textContent = note;
      li.append(span);
    }
    return li;
  });
  list.replaceChildren(start, ...lines);
}

/** Both heads, their sizes, and the connection's 4-tuple when the server told us it. */
export function drawHandshake(root: HTMLElement, handshake: WsHandshake, tuple: string | undefined): void {
  const $ = (sel: string) => root.querySelector<HTMLElement>(sel)!;
  if (tuple) $('[data-tuple]').textContent = `${tuple} (one TCP connection; the handshake was its first bytes)`;
  drawHead(root.querySelector<HTMLOListElement>('[data-request]')!, handshake.request);
  drawHead(root.querySelector<HTMLOListElement>('[data-response]')!, handshake.response);
  $('[data-req-bytes]').textContent = `(${handshake.request.bytes} bytes)`;
  $('[data-res-bytes]').textContent = `(${handshake.response.bytes} bytes)`;
}

/** The accept computation for `key`: key + GUID, its SHA-1, the result, what the server sent, and the verdict. */
export function drawCheck(root: HTMLElement, key: string, result: AcceptCheck, verdictText: string): void {
  const $ = (sel: string) => root.querySelector<HTMLElement>(sel)!;
  $('[data-joined]').textContent = key + WEBSOCKET_GUID;
  $('[data-sha1]').textContent = result.sha1Hex;
  $('[data-computed]').textContent = result.computed;
  $('[data-sent]').textContent = result.sent;
  const verdict = $('[data-verdict]');
  verdict.textContent = verdictText;
  verdict.dataset.match = String(result.matches);
}
