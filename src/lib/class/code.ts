// Class join codes and the browser's class membership, shared by the server and the class pages. No zod and
// no server code here: the join page and the banner import this file.

/**
 * 30 characters a class can read off a projector and type on a phone: digits 2–9 and capitals without
 * 0/O, 1/I/L (look-alikes) and U (read as V). 7 of them give 30^7 ≈ 2.2 × 10^10 codes (about 34 bits).
 */
export const CLASS_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
export const CLASS_CODE_LENGTH = 7;
export const CLASS_CODE_PATTERN = new RegExp(`^[${CLASS_CODE_ALPHABET}]{${CLASS_CODE_LENGTH}}$`);

/** What a person typed ("k7q-m4xp ", "K7Q M4XP") as the code itself: capitals, no spaces or dashes. */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]+/g, '');
}

export const isClassCode = (code: string): boolean => CLASS_CODE_PATTERN.test(code);

/** Grouped for reading aloud and projecting: "K7QM4XP" → "K7Q-M4XP". */
export const formatCode = (code: string): string => `${code.slice(0, 3)}-${code.slice(3)}`;

/** localStorage key of this browser's class membership (a student's); its presence loads the banner's code. */
export const MEMBERSHIP_KEY = 'sp-class-member';
/** localStorage key of the classes this browser teaches: code → teacher key. */
export const TEACHING_KEY = 'sp-class-teaching';
/**
 * Cookie carrying the student's member token to the demo server on every Socket.IO handshake, so the server
 * knows which lab connections are that student's (a teacher can cut them). Scoped to the site, SameSite=Strict.
 */
export const MEMBER_COOKIE = 'sp-class';
/** Query parameter the class connection itself sends, so cutting a student's demo leaves their class link up. */
export const CLASS_SOCKET_QUERY = { sp: 'class' } as const;
