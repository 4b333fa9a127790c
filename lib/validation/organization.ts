import { z } from 'zod';
import { emailSchema, multilineTextSchema, textSchema } from './primitives';
import { phoneNumberSchema } from './profile';

/** The longest description a department, team or group keeps (the database checks the same). */
export const STRUCTURE_DESCRIPTION_MAX = 2000;

const structureName = (what: string) =>
  textSchema({ error: `Name the ${what}.` }, `A ${what} name cannot contain control characters.`)
    .trim()
    .min(1, `Name the ${what}.`)
    .max(100, `A ${what} name has at most 100 characters.`);

const description = multilineTextSchema({}, 'A description cannot contain control characters.')
  .transform((value) => value.replace(/\r\n?/g, '\n').trim())
  .refine((value) => [...value].length <= STRUCTURE_DESCRIPTION_MAX, `A description has at most ${STRUCTURE_DESCRIPTION_MAX} characters.`);

/** An optional email: empty means none. */
const optionalEmail = z.preprocess((value) => (value === undefined || (typeof value === 'string' && value.trim() === '') ? null : value), emailSchema.nullable());

/** An optional phone in international form, stored as E.164: empty means none. */
const optionalPhone = z.preprocess((value) => (value === undefined || value === null ? '' : value), phoneNumberSchema);

const optionalId = (message: string) => z.preprocess((value) => (value === '' || value === undefined ? null : value), z.uuid({ error: message }).nullable());

export const departmentInputSchema = z.object({
  name: structureName('department'),
  parentId: optionalId('Pick a department of this account.'),
  email: optionalEmail,
  phone: optionalPhone,
  description: description.default(''),
});
export type DepartmentInput = z.infer<typeof departmentInputSchema>;

export const teamInputSchema = z.object({
  name: structureName('team'),
  description: description.default(''),
  responsibleMembershipId: optionalId('Pick one of the team’s members.'),
});
export type TeamInput = z.infer<typeof teamInputSchema>;

/** Members to add to or remove from a structure: at least one, at most 10,000 at once, each an id. */
export const membershipIdsSchema = z
  .array(z.uuid({ error: 'That is not a member of this account.' }), { error: 'Pick at least one member.' })
  .min(1, 'Pick at least one member.')
  .max(10_000, 'Pick at most 10,000 members at once.')
  .transform((ids) => [...new Set(ids)]);

/** The most roles one group carries. */
export const GROUP_ROLES_MAX = 50;

export const groupInputSchema = z.object({
  name: structureName('group'),
  /** The group's shared inbox. */
  email: optionalEmail,
  description: description.default(''),
  roleIds: z
    .array(z.uuid({ error: 'Pick roles of this account.' }), { error: 'Pick roles of this account.' })
    .max(GROUP_ROLES_MAX, `A group carries at most ${GROUP_ROLES_MAX} roles.`)
    .default([])
    .transform((ids) => [...new Set(ids)]),
});
export type GroupInput = z.infer<typeof groupInputSchema>;
