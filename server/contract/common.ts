// Shapes every feature's events share: the acknowledgement envelope and the names learners give clients.
import { z } from 'zod';

/** Every acknowledgement has this shape, as in Socket.IO's own example apps. */
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: string };
export type Ack<T> = (result: AckResult<T>) => void;

/** A lab id: 8 url-safe characters, made by the server. */
export const LabIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8}$/, 'a lab id is 8 letters, digits, - or _');

/** A virtual client's display name ("Alice"): short, printable, rendered as text by every widget. */
export const ClientNameSchema = z
  .string()
  .trim()
  .min(1, 'a name needs at least one character')
  .max(24, 'a name has at most 24 characters')
  .regex(/^[^\p{C}]+$/u, 'a name cannot contain control characters');

/** Widget kinds are plain slugs ("emit-sequence"); the server uses them for logs and per-kind features. */
export const LabKindSchema = z.string().regex(/^[a-z0-9-]{1,32}$/, 'a lab kind is a lowercase slug');
