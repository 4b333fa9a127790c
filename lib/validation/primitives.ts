import { z } from 'zod';

/**
 * Control characters (C0 and C1, NUL among them) are not text. PostgreSQL refuses NUL in a text value, so
 * one that got through would fail the query as a 500: every text input is built from these primitives,
 * which refuse them with a message instead. Multi-line boxes keep tab and line breaks.
 */
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARACTERS_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
const CONTROL_MESSAGE = 'This text cannot contain control characters.';
/** Half of a UTF-16 surrogate pair, alone: not a character, and not storable as UTF-8 (PostgreSQL refuses it). */
const LONE_SURROGATE = /\p{Cs}/u;
const SURROGATE_MESSAGE = 'This text contains an invalid character.';

/** One line of text. Chain trim, min, max after it. */
export const textSchema = (params?: { error?: string }, message = CONTROL_MESSAGE) =>
  z
    .string(params)
    .refine((value) => !CONTROL_CHARACTERS.test(value), message)
    .refine((value) => !LONE_SURROGATE.test(value), SURROGATE_MESSAGE);

/** Text from a multi-line box: tabs and line breaks allowed, other control characters not. */
export const multilineTextSchema = (params?: { error?: string }, message = CONTROL_MESSAGE) =>
  z
    .string(params)
    .refine((value) => !CONTROL_CHARACTERS_BUT_LINES.test(value), message)
    .refine((value) => !LONE_SURROGATE.test(value), SURROGATE_MESSAGE);

/** Passwords and tokens, taken exactly as typed (spaces, any script), except NUL, which is never text. */
export const secretTextSchema = (params?: { error?: string }) =>
  z
    .string(params)
    .refine((value) => !value.includes('\u0000'), 'This cannot contain a NUL character.')
    .refine((value) => !LONE_SURROGATE.test(value), SURROGATE_MESSAGE);

export const emailSchema = textSchema({ error: 'Enter an email address.' }, 'An email address cannot contain control characters.')
  .trim()
  .toLowerCase()
  .min(1, 'Enter an email address.')
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }));

export const personNameSchema = (label: string, { required = true } = {}) =>
  z
    .string({ error: `Enter a ${label}.` })
    .trim()
    .max(100, `A ${label} has at most 100 characters.`)
    .refine((value) => !required || value.length > 0, `Enter a ${label}.`)
    .refine((value) => !/[\u0000-\u001f\u007f-\u009f<>]/.test(value), `A ${label} cannot contain < > or control characters.`)
    .refine((value) => !LONE_SURROGATE.test(value), SURROGATE_MESSAGE);

export const accountNameSchema = z
  .string({ error: 'Name the account.' })
  .trim()
  .min(1, 'Name the account.')
  .max(100, 'An account name has at most 100 characters.')
  .refine((value) => !CONTROL_CHARACTERS.test(value), 'An account name cannot contain control characters.')
  .refine((value) => !LONE_SURROGATE.test(value), SURROGATE_MESSAGE);

/** Field errors keyed by field name, the first message of each: what forms show beside their inputs. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}
