import { z } from 'zod';

export const emailSchema = z
  .string({ error: 'Enter an email address.' })
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
    .refine((value) => !/[\u0000-\u001f<>]/.test(value), `A ${label} cannot contain < > or control characters.`);

export const accountNameSchema = z
  .string({ error: 'Name the account.' })
  .trim()
  .min(1, 'Name the account.')
  .max(100, 'An account name has at most 100 characters.')
  .refine((value) => !/[\u0000-\u001f]/.test(value), 'An account name cannot contain control characters.');

/** Field errors keyed by field name, the first message of each: what forms show beside their inputs. */
export function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? 'form');
    out[key] ??= issue.message;
  }
  return out;
}
