// "The handshake": what to show about a real WebSocket opening handshake, and the check of its accept value
// (RFC 6455 §4.2.2: Sec-WebSocket-Accept = base64(SHA-1(key + GUID))). Pure apart from the hash, which uses
// WebCrypto when the page may, and our own SHA-1 when it may not.
import type { HttpHead, WsHandshake } from '../../contract/index.ts';
import { computeWebSocketAccept, isValidWebSocketKey, WEBSOCKET_GUID } from '../../lib/protocol/ws-accept.ts';
import { sha1 } from './sha1.ts';

export { WEBSOCKET_GUID, isValidWebSocketKey };

/** What each header of the handshake is for, in a line. Headers not listed are ordinary HTTP headers. */
export const HEADER_NOTES: Record<string, string> = {
  upgrade: 'Asks to switch this connection from HTTP to the WebSocket protocol (and, in the reply, agrees).',
  connection: '“Upgrade” says the Upgrade header applies to this connection, hop by hop.',
  'sec-websocket-key':
    '16 random bytes, base64: a fresh value for every handshake. It proves nothing secret; it checks the server speaks WebSocket.',
  'sec-websocket-version': 'The protocol version: 13 is RFC 6455, the only one in use.',
  'sec-websocket-accept':
    'The key, glued to a fixed GUID, hashed with SHA-1, base64: proof the server understood the request.',
  'sec-websocket-extensions':
    'Optional extras the client can use, such as per-message compression; the server may accept or ignore them.',
  origin: 'The page that opened the WebSocket; a server can refuse pages it does not trust.',
  host: 'The server the request is for, as in every HTTP/1.1 request.',
};

export const noteFor = (name: string) => HEADER_NOTES[name.toLowerCase()];

export function header(head: HttpHead, name: string): string | undefined {
  return head.headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1];
}

/** The status code in "HTTP/1.1 101 Switching Protocols". */
export function statusCode(head: HttpHead): number {
  return Number(/^HTTP\/\d(?:\.\d)? (\d{3})/.exec(head.startLine)?.[1] ?? 0);
}

export interface AcceptCheck {
  key: string;
  keyValid: boolean;
  sha1Hex: string;
  computed: string;
  sent: string;
  matches: boolean;
}

const toHex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
const fromBase64 = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

export async function acceptFor(key: string): Promise<string> {
  if (globalThis.crypto?.subtle) return computeWebSocketAccept(key);
  const digest = sha1(new TextEncoder().encode(key + WEBSOCKET_GUID));
  let bin = '';
  for (const b of digest) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** Recomputes the accept value for `key` and compares it with what the server sent. */
export async function checkAccept(key: string, handshake: WsHandshake): Promise<AcceptCheck> {
  const computed = await acceptFor(key);
  const sent = header(handshake.response, 'sec-websocket-accept') ?? '';
  return {
    key,
    keyValid: isValidWebSocketKey(key),
    sha1Hex: toHex(fromBase64(computed)),
    computed,
    sent,
    matches: computed === sent,
  };
}

export function describeCheck(c: AcceptCheck, realKey: string): string {
  if (c.matches)
    return `✓ Matches: SHA-1 of the key plus the GUID, in base64, is exactly the Sec-WebSocket-Accept the server sent. The server really read your key.`;
  const edited =
    c.key !== realKey
      ? ' You changed the key, so the hash changed completely: one different character gives an unrelated result.'
      : '';
  return `✗ Does not match the server’s ${c.sent}.${edited}${c.keyValid ? '' : ' (This key is not 16 bytes in base64 either, so a server would refuse the handshake.)'}`;
}
