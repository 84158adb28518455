// Shapes every feature's events share: the acknowledgement envelope, the refusal, and the names learners give clients.
import type { ErrorCode } from './errors.ts';

/** A refusal: a sentence for the learner and a stable code for the program. */
export interface Refusal {
  ok: false;
  error: string;
  code: ErrorCode;
}

/** Every acknowledgement has this shape, as in Socket.IO's own example apps. */
export type AckResult<T> = { ok: true; data: T } | Refusal;
export type Ack<T> = (result: AckResult<T>) => void;

/** A lab id: 8 url-safe characters, made by the server. */
export const LAB_ID_PATTERN = /^[A-Za-z0-9_-]{8}$/;
/** Longest display name of a virtual client ("Alice"). */
export const MAX_CLIENT_NAME_LENGTH = 24;
/** The longest message text by default (Limits.maxTextLength; the server may be configured otherwise). */
export const DEFAULT_MAX_TEXT_LENGTH = 280;
/** A client-chosen reference echoed back by the server: up to 32 letters, digits, - or _. */
export const REF_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** Events whose payload is an empty object. */
export type Empty = Record<string, never>;
