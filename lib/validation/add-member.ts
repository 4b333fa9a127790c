import { z } from 'zod';
import { isSystemPermission, MODULES } from '@/lib/access/catalogue';
import { emailSchema, personNameSchema, textSchema } from './primitives';

const permission = textSchema().refine(isSystemPermission, 'Unknown permission.');
const moduleKey = textSchema().refine((key) => MODULES.some((entry) => entry.key === key), 'Unknown module.');

export const addMemberSchema = z
  .object({
    firstName: personNameSchema('first name'),
    lastName: personNameSchema('last name', { required: false }).default(''),
    email: emailSchema,
    roleId: z.uuid('Pick a role.'),
    hiddenModules: z.array(moduleKey).max(MODULES.length).default([]),
    grants: z.array(permission).max(200).default([]),
    denies: z.array(permission).max(200).default([]),
    // Issue 16: where they are placed (departments of the account, and a team that becomes their primary one).
    departmentIds: z
      .array(z.uuid({ error: 'Pick departments of this account.' }))
      .max(50, 'Pick at most 50 departments.')
      .default([])
      .transform((ids) => [...new Set(ids)]),
    teamId: z.preprocess((value) => (value === '' || value === undefined ? null : value), z.uuid({ error: 'Pick a team of this account.' }).nullable()),
    groupIds: z
      .array(z.uuid({ error: 'Pick groups of this account.' }))
      .max(50, 'Pick at most 50 groups.')
      .default([])
      .transform((ids) => [...new Set(ids)]),
  })
  .refine((value) => !value.grants.some((name) => value.denies.includes(name)), { message: 'A permission cannot be both granted and denied.', path: ['grants'] });
export type AddMemberInput = z.infer<typeof addMemberSchema>;
