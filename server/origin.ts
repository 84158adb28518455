// Which web pages may open a Socket.IO connection to the demo server. A browser always sends Origin with a
// WebSocket handshake (RFC 6455 §4.1) and with cross-origin requests, so a foreign page running the demo's attacks
// from its visitors' browsers shows up here. Requests with no Origin (Node clients, curl) are not from a web page
// and are allowed; so is the site's own origin (same host as the request) and any listed in SP_ALLOWED_ORIGINS.
import type { IncomingMessage } from 'node:http';

/** `SP_ALLOWED_ORIGINS="https://a.example, https://b.example"` → their normalised origins (bad entries skipped). */
export function parseAllowedOrigins(value: string | undefined): string[] {
  if (!value) return [];
  return value
    .split(',')
    .map((entry) => URL.parse(entry.trim())?.origin)
    .filter((origin): origin is string => Boolean(origin) && origin !== 'null');
}

export function createOriginCheck(allowed: readonly string[] = []) {
  const extra = new Set(allowed);
  return function isAllowedOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    const parsed = URL.parse(origin);
    if (!parsed || parsed.origin === 'null') return false;
    if (extra.has(parsed.origin)) return true;
    // Same host (and port) as the request: the page came from this server, whichever name it was reached by.
    return req.headers.host !== undefined && parsed.host === req.headers.host.toLowerCase();
  };
}
