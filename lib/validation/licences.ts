import { z } from 'zod';
import { isSystemPermission, MODULES } from '@/lib/access/catalogue';
import { NEVER_GATED, NEVER_GATED_MODULES } from '@/lib/access/licences';
import { now } from '@/lib/clock';
import { textSchema } from './primitives';

/** The most seats one pool has (the database checks the same). */
export const SEATS_MAX = 1_000_000;

const seats = z.coerce
  .number({ error: 'Give the number of seats.' })
  .refine((value) => Number.isInteger(value), 'Seats are a whole number.')
  .refine((value) => value >= 1, 'A licence has at least 1 seat.')
  .refine((value) => value <= SEATS_MAX, `A licence has at most ${SEATS_MAX.toLocaleString('en')} seats.`);

/**
 * When the licence ends: a date-time in the future (its pool stops unlocking anything then), or none.
 * Empty means none.
 */
const endsAt = z.preprocess(
  (value) => (value === undefined || value === null || (typeof value === 'string' && value.trim() === '') ? null : value),
  z
    .union([z.string().max(40, 'Pick a valid date and time.'), z.date()])
    .transform((value, ctx) => {
      const date = value instanceof Date ? value : new Date(value);
      if (Number.isNaN(date.getTime())) {
        ctx.addIssue({ code: 'custom', message: 'Pick a valid date and time.' });
        return z.NEVER;
      }
      if (date.getTime() <= now().getTime()) {
        ctx.addIssue({ code: 'custom', message: 'The end date must lie in the future.' });
        return z.NEVER;
      }
      if (date.getUTCFullYear() > 9999) {
        ctx.addIssue({ code: 'custom', message: 'Pick a valid date and time.' });
        return z.NEVER;
      }
      return date;
    })
    .nullable(),
);

/** The permissions a licence may unlock: the catalogue's, less those that run the account. */
export const licensable = (name: string) => isSystemPermission(name) && !NEVER_GATED.has(name);
const MODULE_KEYS = new Set<string>(MODULES.map((module) => module.key));
export const licensableModule = (key: string) => MODULE_KEYS.has(key) && !NEVER_GATED_MODULES.has(key);

const unlocks = {
  permissions: z
    .array(z.string().max(100), { error: 'Pick permissions from the catalogue.' })
    .max(200, 'A licence unlocks at most 200 permissions.')
    .default([])
    .superRefine((names, ctx) => {
      const unknown = names.filter((name) => !isSystemPermission(name));
      if (unknown.length) ctx.addIssue({ code: 'custom', message: `Unknown permission${unknown.length === 1 ? '' : 's'}: ${unknown.slice(0, 3).join(', ')}.` });
      const administrative = names.filter((name) => isSystemPermission(name) && NEVER_GATED.has(name));
      if (administrative.length) ctx.addIssue({ code: 'custom', message: `A licence cannot gate ${administrative.join(', ')}: it runs the account itself.` });
    })
    .transform((names) => [...new Set(names)].sort()),
  modules: z
    .array(z.string().max(40), { error: 'Pick modules from the catalogue.' })
    .max(20)
    .default([])
    .superRefine((keys, ctx) => {
      const wrong = keys.filter((key) => !licensableModule(key));
      if (wrong.length) ctx.addIssue({ code: 'custom', message: `A licence cannot unlock the module${wrong.length === 1 ? '' : 's'} ${wrong.join(', ')}.` });
    })
    .transform((keys) => [...new Set(keys)].sort()),
};

export const licencePoolInputSchema = z
  .object({
    key: textSchema({ error: 'Give the product key.' }, 'A product key cannot contain control characters.')
      .trim()
      .toLowerCase()
      .min(1, 'Give the product key, e.g. crm.pro.')
      .max(64, 'A product key has at most 64 characters.')
      .regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, 'A product key is lower-case letters and digits, with dots, dashes or underscores between them (e.g. crm.pro).'),
    name: textSchema({ error: 'Name the licence.' }, 'A licence name cannot contain control characters.')
      .trim()
      .min(1, 'Name the licence.')
      .max(100, 'A licence name has at most 100 characters.'),
    seats,
    endsAt,
    ...unlocks,
  })
  .superRefine((value, ctx) => {
    if (value.permissions.length + value.modules.length === 0) ctx.addIssue({ code: 'custom', path: ['permissions'], message: 'Pick what the licence unlocks: at least one module or permission.' });
  });
export type LicencePoolInput = z.infer<typeof licencePoolInputSchema>;

/** A pool's seats and end date alone (the detail page's quick changes). */
export const licenceSeatsSchema = z.object({ seats });
export const licenceEndSchema = z.object({ endsAt });
