// The security lab's Origin check, until the server-wide allow-list (server/origin.ts, SP_ALLOWED_ORIGINS)
// exists: an Origin is allowed when it names the host the request was sent to (same origin), or is listed.
// No Origin at all is allowed: browsers always send one on a WebSocket handshake (RFC 6455 §4.1) and on
// cross-origin requests, so its absence means a program that is not a browser, which Origin cannot stop anyway.

export interface OriginVerdict {
  allowed: boolean;
  reason: string;
}

export function checkOrigin(
  origin: string | undefined,
  host: string | undefined,
  allowList: readonly string[],
): OriginVerdict {
  if (origin === undefined) return { allowed: true, reason: 'no Origin header: not a browser' };
  const parsed = URL.parse(origin);
  if (!parsed || parsed.origin !== origin) return { allowed: false, reason: `"${origin}" is not an origin` };
  if (allowList.includes(origin)) return { allowed: true, reason: `${origin} is on the allow-list` };
  if (host && parsed.host === host.toLowerCase())
    return { allowed: true, reason: `${origin} is this server's own origin` };
  return { allowed: false, reason: `Origin ${origin} is not allowed here` };
}

/** SP_ALLOWED_ORIGINS: extra origins, separated by commas ("https://course.example,https://school.example"). */
export function allowListFromEnv(env: Record<string, string | undefined> = process.env): string[] {
  return (env.SP_ALLOWED_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
