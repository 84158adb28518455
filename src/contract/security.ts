// "Securing a real-time connection": the security lab's events, payloads and constants. The lab runs a Socket.IO
// Server of its own on SECURE_PATH, so its Origin check, auth middleware and small maxHttpBufferSize touch no
// other widget. Two namespaces on it:
//   "/"        the lobby: no token needed; hands out tokens and runs the Origin probe.
//   "/private" needs a token in the handshake `auth`; the server disconnects a socket when its token expires.
import type { Ack, Empty } from './common.ts';

/** Where the lab's Server listens (a path of its own on the shared http.Server). */
export const SECURE_PATH = '/secure.io';
export const PRIVATE_NAMESPACE = '/private';
/** The foreign origin the server pretends to be when it attacks itself. */
export const FOREIGN_ORIGIN = 'https://evil.example';
/** Shortest token lifetime the lab issues, in seconds (the longest is Limits.securityMaxTokenSeconds). */
export const MIN_TOKEN_SECONDS = 2;

/** Why the auth middleware refused a handshake: the client reads it from connect_error's `err.data.code`. */
export type AuthErrorCode = 'missing-token' | 'malformed-token' | 'bad-signature' | 'expired-token';

export interface IssuedToken {
  token: string;
  /** A short id for the log ("t3"), so learners can tell tokens apart without reading them. */
  tokenId: string;
  name: string;
  issuedAt: number;
  expiresAt: number;
}

/** What the client's connect_error carries in `err.data` when the middleware says no. */
export interface AuthErrorData {
  code: AuthErrorCode;
  /** For an expired token: when it expired (ms since epoch). */
  expiredAt?: number;
}

/** One attempt of the Origin probe, exactly as the server saw its own answer. */
export interface OriginAttempt {
  origin: string;
  transport: 'polling' | 'websocket';
  outcome: 'accepted' | 'refused';
  /** HTTP status of the polling handshake, or of the refused upgrade (parsed from the raw answer). */
  status?: number;
  /** The body that came back (polling), cut to a few hundred characters. */
  body?: string;
  /** The Access-Control-Allow-Origin header of the polling answer; null when absent. */
  allowOrigin?: string | null;
  /** The socket.io-client connect_error message (WebSocket), e.g. "websocket error". */
  error?: string;
  /** What the error wraps (ws: "Unexpected server response: 400"). */
  description?: string;
}

export interface OriginProbeReport {
  /** The origin the page itself connected with (from its handshake), or null when it sent none. */
  pageOrigin: string | null;
  attempts: OriginAttempt[];
}

/** The lab Server's limits, so the widget can say what it is up against (the server enforces them, not the page). */
export interface SecureLimits {
  maxPayloadBytes: number;
  eventsPerSecond: number;
  eventBurst: number;
}

export interface PrivateWelcome {
  name: string;
  tokenId: string;
  expiresAt: number;
  limits: SecureLimits;
}

export interface SecurityClientEvents {
  /** Lobby: log in (no password in this lab) for a token that lives `seconds`. */
  'security:token': (payload: { name: string; seconds: number }, ack: Ack<IssuedToken>) => void;
  /** Lobby: the server connects to itself with a foreign Origin and with the page's own, and reports. */
  'security:probe': (payload: Empty, ack: Ack<OriginProbeReport>) => void;
  /** "/private": echo a text back; its size is what the oversized-packet demo changes. */
  'security:echo': (payload: { text: string }, ack: Ack<{ bytes: number }>) => void;
  /** "/private": a cheap event for the rate-limit burst. */
  'security:ping': (payload: { n: number }, ack: Ack<{ n: number }>) => void;
}

export interface SecurityServerEvents {
  'security:welcome': (welcome: PrivateWelcome) => void;
  /** Sent just before the server disconnects a socket whose token has expired. */
  'security:expired': (info: { tokenId: string; expiredAt: number }) => void;
}
