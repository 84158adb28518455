// The security lab's Origin check is the site's own (server/origin.ts, SP_ALLOWED_ORIGINS): same host as the
// request, or listed, or no Origin at all. In `npm start` the site's guard applies it before any Socket.IO
// server sees a request; the lab's Server applies it again in allowRequest, so the demo is real wherever the
// lab runs (the dev server and the tests have no guard in front).
import type { IncomingMessage } from 'node:http';
import { createOriginCheck, parseAllowedOrigins } from '../origin.ts';

export interface OriginGate {
  /** Extra origins from SP_ALLOWED_ORIGINS (for the CORS headers of listed cross-origin pages). */
  allowed: readonly string[];
  /** May a page with this Origin connect, when it reached the server under this Host? */
  allows(origin: string | undefined, host: string | undefined): boolean;
}

export function originGate(env: Record<string, string | undefined> = process.env): OriginGate {
  const allowed = parseAllowedOrigins(env.SP_ALLOWED_ORIGINS);
  const check = createOriginCheck(allowed);
  return {
    allowed,
    allows: (origin, host) => check({ headers: { origin, host } } as IncomingMessage),
  };
}
