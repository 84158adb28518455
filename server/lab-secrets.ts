// Member secrets: the proof that a join comes from a learner already on a lab's roster (its node died, or its old
// socket has not timed out yet), so the server can hand that learner its own name back instead of "Ada 2".
// The server mints each secret and gives it only to the socket that joined (in the join reply). It keeps a
// SHA-256 of it, never the secret itself: a roster dump, a log line or a Redis snapshot cannot be replayed.
import { createHash, randomBytes } from 'node:crypto';
import { MEMBER_SECRET_LENGTH } from '../src/contract/index.ts';

/** 16 random bytes, base64url: 22 characters (MEMBER_SECRET_LENGTH). */
export function newMemberSecret(): string {
  const secret = randomBytes(16).toString('base64url');
  if (secret.length !== MEMBER_SECRET_LENGTH) throw new Error('member secret of the wrong length');
  return secret;
}

/** What the server stores and compares: a lookup by digest, so no comparison of the secret itself is timed. */
export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}

/**
 * One lab's secrets, alone (on Redis, lab-scripts.ts keeps the same two maps in the lab's hashes). Every join
 * mints a new secret and retires the socket's previous one: the reply the client last saw holds the only valid one.
 */
export class MemberSecrets {
  /** digest → socket id */
  private readonly owners = new Map<string, string>();
  /** socket id → digest */
  private readonly digests = new Map<string, string>();

  /** A fresh secret for a socket that (re)joined; its previous secret, if any, stops working. */
  issue(socketId: string): string {
    this.release(socketId);
    const secret = newMemberSecret();
    const digest = secretDigest(secret);
    this.owners.set(digest, socketId);
    this.digests.set(socketId, digest);
    return secret;
  }

  /** The socket id the secret was issued to, if that member is still in the lab. */
  owner(secret: string): string | undefined {
    return this.owners.get(secretDigest(secret));
  }

  release(socketId: string): void {
    const digest = this.digests.get(socketId);
    if (digest === undefined) return;
    this.digests.delete(socketId);
    this.owners.delete(digest);
  }
}
