// Join codes, teacher keys and member tokens: made from the OS's CSPRNG, stored only as sha-256 hashes, and
// compared in constant time. A cookie reader for the member token the student's browser sends with handshakes.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { CLASS_CODE_ALPHABET, CLASS_CODE_LENGTH, MEMBER_COOKIE } from '../../src/lib/class/code.ts';

/** 7 characters, each drawn uniformly (randomInt has no modulo bias) from the 30-letter alphabet. */
export function newClassCode(): string {
  let code = '';
  for (let i = 0; i < CLASS_CODE_LENGTH; i++) code += CLASS_CODE_ALPHABET[randomInt(CLASS_CODE_ALPHABET.length)];
  return code;
}

/** 128 random bits, url-safe: teacher keys and member tokens. */
export const newSecret = (): string => randomBytes(16).toString('base64url');

/** Short ids for classes and students (48 bits): not secrets, only names. */
export const newId = (): string => randomBytes(6).toString('base64url');

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

/** The member token from a Cookie header, if there is a well-formed one. Never throws. */
export function memberTokenFromCookie(header: string | undefined): string | undefined {
  if (!header || header.length > 8192) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== MEMBER_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return /^[A-Za-z0-9_-]{22,64}$/.test(value) ? value : undefined;
  }
  return undefined;
}
