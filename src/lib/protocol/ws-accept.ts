// WebSocket opening handshake check value, RFC 6455 §4.2.2 step 5.4:
// Sec-WebSocket-Accept = base64( SHA-1( Sec-WebSocket-Key + GUID ) ).
// Uses WebCrypto (globalThis.crypto.subtle) so the same code runs in browsers and Node 22.

/** The fixed GUID from RFC 6455 §1.3; servers that do not know it cannot echo the key. */
export const WEBSOCKET_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

// RFC 6455 §4.1: the key is a random 16-byte value, base64-encoded, so always 22 chars + "==".
// Same check as the `ws` server (lib/websocket-server.js keyRegex).
const KEY = /^[+/0-9A-Za-z]{22}==$/;

/** True when `key` is the base64 of exactly 16 bytes, as RFC 6455 §4.1 requires. */
export function isValidWebSocketKey(key: string): boolean {
  return typeof key === 'string' && KEY.test(key);
}

function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/**
 * Compute the Sec-WebSocket-Accept header for a Sec-WebSocket-Key.
 * The key is used exactly as given (the RFC hashes the header value after trimming
 * surrounding whitespace, which HTTP parsers already do).
 */
export async function computeWebSocketAccept(key: string): Promise<string> {
  const input = new TextEncoder().encode(key + WEBSOCKET_GUID);
  const digest = await globalThis.crypto.subtle.digest('SHA-1', input);
  return toBase64(new Uint8Array(digest));
}
