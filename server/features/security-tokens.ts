// Short-lived tokens for the security lab: "sp1.<claims>.<signature>", claims in base64url JSON, signed with
// HMAC-SHA-256 and a secret made fresh for each server. The same idea as a JWT (RFC 7519), cut down to what the
// lesson needs; a real app would use a JWT library and a secret it keeps across restarts.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.ts';
import type { AuthErrorCode } from '../../src/contract/security.ts';

export interface TokenClaims {
  /** Who the token is for (the learner's client name). */
  sub: string;
  /** Short id, for the log. */
  jti: string;
  iat: number;
  exp: number;
}

export type Verdict =
  { ok: true; claims: TokenClaims } | { ok: false; code: AuthErrorCode; message: string; expiredAt?: number };

export interface TokenIssuer {
  issue(sub: string, seconds: number): { token: string; claims: TokenClaims };
  verify(token: unknown): Verdict;
}

const PREFIX = 'sp1';
const MAX_TOKEN_LENGTH = 512;

export function createTokenIssuer(clock: Clock, secret: Buffer = randomBytes(32)): TokenIssuer {
  let serial = 0;
  const sign = (body: string) => createHmac('sha256', secret).update(`${PREFIX}.${body}`).digest();

  return {
    issue(sub, seconds) {
      const iat = clock.now();
      const claims: TokenClaims = { sub, jti: `t${++serial}`, iat, exp: iat + seconds * 1000 };
      const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return { token: `${PREFIX}.${body}.${sign(body).toString('base64url')}`, claims };
    },
    verify(token) {
      if (token === undefined || token === null || token === '') {
        return { ok: false, code: 'missing-token', message: 'No token in the handshake: log in first.' };
      }
      const parts = typeof token === 'string' && token.length <= MAX_TOKEN_LENGTH ? token.split('.') : [];
      const [prefix, body, signature] = parts;
      if (parts.length !== 3 || prefix !== PREFIX || !body || !signature) {
        return { ok: false, code: 'malformed-token', message: 'That is not a token this server issued.' };
      }
      const expected = sign(body);
      const given = Buffer.from(signature, 'base64url');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, code: 'bad-signature', message: 'Invalid token: its signature does not match.' };
      }
      const claims = parseClaims(body);
      if (!claims) return { ok: false, code: 'malformed-token', message: 'That is not a token this server issued.' };
      if (clock.now() >= claims.exp) {
        return { ok: false, code: 'expired-token', message: 'Token expired: get a fresh one.', expiredAt: claims.exp };
      }
      return { ok: true, claims };
    },
  };
}

function parseClaims(body: string): TokenClaims | undefined {
  try {
    const c = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Partial<TokenClaims>;
    const valid =
      typeof c.sub === 'string' && typeof c.jti === 'string' && Number.isFinite(c.iat) && Number.isFinite(c.exp);
    return valid ? (c as TokenClaims) : undefined;
  } catch {
    return undefined;
  }
}
