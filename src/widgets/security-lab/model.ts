// The security lab's state, one slice per panel, and the sentences the log and tables show. Pure: the widget
// feeds it what the real sockets reported (acks, connect_error, disconnect reasons) and renders the result.
import type { AuthErrorCode, OriginAttempt, OriginProbeReport, AckResult } from '../../contract/index.ts';

// ---- the Origin probe ----

export interface ProbeRow {
  key: string;
  origin: string;
  foreign: boolean;
  transport: OriginAttempt['transport'];
  outcome: OriginAttempt['outcome'];
  /** What came back, in one line: "HTTP 403 · {"code":4,…}" or "connect_error: websocket error (…)". */
  answer: string;
  /** The CORS header the polling answer carried ("none" when absent); WebSocket answers have no CORS at all. */
  cors: string;
}

export function probeRows(report: OriginProbeReport, foreignOrigin: string): ProbeRow[] {
  return report.attempts.map((a, i) => ({
    key: `${i}:${a.origin}:${a.transport}`,
    origin: a.origin,
    foreign: a.origin === foreignOrigin,
    transport: a.transport,
    outcome: a.outcome,
    answer: describeAnswer(a),
    cors: a.transport === 'websocket' ? 'not used' : (a.allowOrigin ?? 'none'),
  }));
}

function describeAnswer(a: OriginAttempt): string {
  if (a.transport === 'polling') {
    if (a.status === undefined) return `no answer: ${a.error ?? 'unknown error'}`;
    return `HTTP ${a.status} · ${a.body ?? ''}`.trim();
  }
  if (a.outcome === 'accepted') return 'connected (then closed by the probe)';
  return `connect_error: "${a.error}"${a.description ? ` (${a.description})` : ''}`;
}

// ---- authentication, expiry and reconnection ----

export type AuthStrategy = 'object' | 'function';
export type PrivateStatus = 'idle' | 'connecting' | 'connected' | 'refused' | 'disconnected';

export interface AuthAttempt {
  n: number;
  /** Which token the handshake carried: an id from the server, "none" or "forged". */
  token: string;
  outcome: 'pending' | 'connected' | 'refused';
  message?: string;
  code?: AuthErrorCode;
}

export interface AuthState {
  status: PrivateStatus;
  attempts: AuthAttempt[];
  tokensIssued: number;
  /** Tokens that expired while a socket held them (the server ended those sessions). */
  expiries: number;
  /** Reconnections after an expiry that went through with a fresh token. */
  renewals: number;
  expiresAt?: number;
  lastTokenId?: string;
  /** Set by an expiry, cleared by the next connect: so a connect right after it counts as a renewal. */
  awaitingRenewal: boolean;
}

export const MAX_ATTEMPTS = 30;

export const initialAuth = (): AuthState => ({
  status: 'idle',
  attempts: [],
  tokensIssued: 0,
  expiries: 0,
  renewals: 0,
  awaitingRenewal: false,
});

export function tokenIssued(s: AuthState, tokenId: string, expiresAt: number): AuthState {
  return { ...s, tokensIssued: s.tokensIssued + 1, lastTokenId: tokenId, expiresAt };
}

export function attemptStarted(s: AuthState, token: string): AuthState {
  const n = (s.attempts[s.attempts.length - 1]?.n ?? 0) + 1;
  const attempts = [...s.attempts, { n, token, outcome: 'pending' as const }].slice(-MAX_ATTEMPTS);
  return { ...s, status: 'connecting', attempts };
}

function settleLast(s: AuthState, patch: Partial<AuthAttempt>): AuthAttempt[] {
  const last = s.attempts[s.attempts.length - 1];
  if (!last || last.outcome !== 'pending') return s.attempts;
  return [...s.attempts.slice(0, -1), { ...last, ...patch }];
}

export function connected(s: AuthState, welcome: { tokenId: string; expiresAt: number }): AuthState {
  return {
    ...s,
    status: 'connected',
    attempts: settleLast(s, { outcome: 'connected', token: welcome.tokenId }),
    expiresAt: welcome.expiresAt,
    lastTokenId: welcome.tokenId,
    renewals: s.renewals + (s.awaitingRenewal ? 1 : 0),
    awaitingRenewal: false,
  };
}

export function refused(s: AuthState, message: string, code: AuthErrorCode | undefined): AuthState {
  return {
    ...s,
    status: 'refused',
    attempts: settleLast(s, { outcome: 'refused', message, code }),
    awaitingRenewal: false,
  };
}

export function expired(s: AuthState): AuthState {
  return { ...s, expiries: s.expiries + 1, awaitingRenewal: true };
}

export function disconnected(s: AuthState): AuthState {
  return { ...s, status: 'disconnected' };
}

/** Seconds left on the current token, rounded up; undefined when there is none or the socket is not connected. */
export function secondsLeft(s: AuthState, now: number): number | undefined {
  if (s.status !== 'connected' || s.expiresAt === undefined) return undefined;
  return Math.max(0, Math.ceil((s.expiresAt - now) / 1000));
}

export function describeAttempt(a: AuthAttempt): string {
  const carried = a.token === 'none' ? 'no token' : a.token === 'forged' ? 'a forged token' : `token ${a.token}`;
  if (a.outcome === 'pending') return `Handshake ${a.n} with ${carried}…`;
  if (a.outcome === 'connected') return `Handshake ${a.n} with ${carried}: the middleware called next(); connected.`;
  return `Handshake ${a.n} with ${carried}: connect_error "${a.message}"${a.code ? ` (err.data.code "${a.code}")` : ''}.`;
}

// ---- rate limit and maxHttpBufferSize ----

export interface BurstTally {
  sent: number;
  ok: number;
  limited: number;
  other: number;
}

export function tallyBurst(answers: Array<AckResult<unknown>>): BurstTally {
  const t: BurstTally = { sent: answers.length, ok: 0, limited: 0, other: 0 };
  for (const a of answers) {
    if (a.ok) t.ok++;
    else if (a.code === 'rate-limited') t.limited++;
    else t.other++;
  }
  return t;
}

export function describeBurst(t: BurstTally, rate: number, burst: number): string {
  const limited = t.limited ? `; ${t.limited} answered { ok: false, code: "rate-limited" }` : '';
  const other = t.other ? `; ${t.other} refused for another reason or unanswered` : '';
  return `Sent ${t.sent} pings at once: ${t.ok} answered ok${limited}${other}. The bucket holds ${burst} and refills ${rate} a second.`;
}

/** The bytes one echo puts on the wire before framing: its Socket.IO packet, as UTF-8. */
export function echoPacketBytes(text: string, ackId = 1): number {
  const packet = `2/private,${ackId}${JSON.stringify(['security:echo', { text }])}`;
  return new TextEncoder().encode(packet).length + 1; // + the Engine.IO "4" (message) in front
}

export type SizeVerdict = 'fits' | 'too-big';
export const sizeVerdict = (bytes: number, max: number): SizeVerdict => (bytes > max ? 'too-big' : 'fits');
