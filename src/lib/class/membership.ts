// What this browser remembers about classes: as a student, the one class it is in (localStorage, plus a
// cookie with the member token for the demo server's handshakes); as a teacher, the classes it runs, each with
// its teacher key. Nothing else about the class is stored anywhere in the browser.
import { MEMBER_COOKIE, MEMBERSHIP_KEY, TEACHING_KEY, isClassCode } from './code.ts';

export interface StoredMembership {
  code: string;
  className: string;
  name: string;
  memberId: string;
  memberToken: string;
}

export interface StoredTeaching {
  code: string;
  teacherKey: string;
  name: string;
}

const TOKEN = /^[A-Za-z0-9_-]{22,64}$/;
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Reads stored JSON; anything malformed counts as no membership (and never throws). */
export function parseMembership(raw: string | null): StoredMembership | null {
  try {
    const m: unknown = raw ? JSON.parse(raw) : null;
    if (!isRecord(m)) return null;
    const { code, className, name, memberId, memberToken } = m;
    if (typeof code !== 'string' || !isClassCode(code) || typeof memberToken !== 'string' || !TOKEN.test(memberToken))
      return null;
    if (typeof className !== 'string' || typeof name !== 'string' || typeof memberId !== 'string') return null;
    return { code, className: className.slice(0, 60), name: name.slice(0, 24), memberId, memberToken };
  } catch {
    return null;
  }
}

export function parseTeaching(raw: string | null): StoredTeaching | null {
  try {
    const t: unknown = raw ? JSON.parse(raw) : null;
    if (!isRecord(t)) return null;
    const { code, teacherKey, name } = t;
    if (typeof code !== 'string' || !isClassCode(code) || typeof teacherKey !== 'string' || !TOKEN.test(teacherKey))
      return null;
    return { code, teacherKey, name: typeof name === 'string' ? name.slice(0, 60) : 'Class' };
  } catch {
    return null;
  }
}

const read = (key: string): string | null => {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
};
const write = (key: string, value: string | null): void => {
  try {
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch {
    /* storage blocked: the class lasts for this page */
  }
};

export const loadMembership = (): StoredMembership | null => parseMembership(read(MEMBERSHIP_KEY));
export const loadTeaching = (): StoredTeaching | null => parseTeaching(read(TEACHING_KEY));

export function saveMembership(m: StoredMembership): void {
  write(MEMBERSHIP_KEY, JSON.stringify(m));
  // Sent by the browser with every Socket.IO handshake on this site (and nowhere else: SameSite=Strict).
  document.cookie = `${MEMBER_COOKIE}=${m.memberToken}; path=/; max-age=43200; SameSite=Strict`;
}

export function clearMembership(): void {
  write(MEMBERSHIP_KEY, null);
  document.cookie = `${MEMBER_COOKIE}=; path=/; max-age=0; SameSite=Strict`;
}

export const saveTeaching = (t: StoredTeaching): void => write(TEACHING_KEY, JSON.stringify(t));
export const clearTeaching = (): void => write(TEACHING_KEY, null);

/** The teacher link (to reopen the dashboard on another device): the key rides in the fragment, never sent to a server. */
export const teacherLink = (origin: string, t: StoredTeaching): string =>
  `${origin}/class/#code=${t.code}&key=${encodeURIComponent(t.teacherKey)}`;

export function teachingFromHash(hash: string): StoredTeaching | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const code = params.get('code');
  const key = params.get('key');
  return parseTeaching(code && key ? JSON.stringify({ code, teacherKey: key, name: 'Class' }) : null);
}
