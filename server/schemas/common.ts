// Pieces every feature's schemas share. Schemas validate what arrives; src/contract/ describes the shapes.
// Anything bounded by a limit takes the live Limits as an argument: never read DEFAULT_LIMITS here.
import { z } from 'zod';
import { nameProblem, normaliseName } from '../names.ts';
import { LAB_ID_PATTERN, MAX_CLIENT_NAME_LENGTH, REF_PATTERN, type Empty } from '../../src/contract/index.ts';

/** A lab id: 8 url-safe characters, made by the server. */
export const LabIdSchema = z.string().regex(LAB_ID_PATTERN, 'a lab id is 8 letters, digits, - or _');

/**
 * A virtual client's display name ("Alice"): short, printable, rendered as text by every widget. Kept in NFKC
 * with single spaces; invisible and formatting characters are refused (server/names.ts).
 */
export const ClientNameSchema = z
  .string()
  .overwrite(normaliseName)
  .refine((name) => !nameProblem(name), { message: 'a name cannot contain invisible or formatting characters' })
  .min(1, 'a name needs at least one character')
  .max(MAX_CLIENT_NAME_LENGTH, `a name has at most ${MAX_CLIENT_NAME_LENGTH} characters`)
  .regex(/^[^\p{C}]+$/u, 'a name cannot contain control characters');

/** Widget kinds are plain slugs ("emit-sequence"); the server uses them for logs and per-kind features. */
export const LabKindSchema = z.string().regex(/^[a-z0-9-]{1,32}$/, 'a lab kind is a lowercase slug');

/** A client-chosen reference the server echoes back. */
export const RefSchema = z.string().regex(REF_PATTERN, 'ref is up to 32 letters, digits, - or _');

/** Events that carry nothing: an empty object, and nothing else. */
export const EmptySchema = z.object({}).strict() satisfies z.ZodType<Empty>;

/** Trimmed, non-empty text of at most `max` characters ("a message has at most 280 characters"). */
export function boundedText(max: number, what = 'message', { trim = true } = {}) {
  const base = trim ? z.string().trim() : z.string();
  return base.min(1, `the ${what} is empty`).max(max, `a ${what} has at most ${max} characters`);
}
