import { z } from 'zod';
import { isSystemPermission, MODULES } from '@/lib/access/catalogue';
import { multilineTextSchema, textSchema } from './primitives';

export const PRIVILEGE_NAME = /^[a-z0-9]+([._-][a-z0-9]+)*$/;
export const PRIVILEGE_MAX_LENGTH = 64;
export const PRIVILEGES_MAX = 100;

const systemPermission = textSchema().superRefine((name, ctx) => {
  if (!isSystemPermission(name)) ctx.addIssue({ code: 'custom', message: `“${name.slice(0, 64)}” is not a permission Rolecall knows.` });
});
const moduleKey = z.enum(MODULES.map((module) => module.key) as [string, ...string[]], { error: 'Unknown module.' });

/**
 * Custom privileges as typed: names separated by commas, spaces or new lines. Each is lower-case segments
 * joined by dots, underscores or hyphens (dots recommended: app.crm, report.export). Duplicates collapse.
 */
export const privilegeListSchema = multilineTextSchema()
  .max(PRIVILEGES_MAX * (PRIVILEGE_MAX_LENGTH + 1), 'That is too many privileges.')
  .transform((raw) => [...new Set(raw.split(/[\s,]+/).map((name) => name.trim()).filter(Boolean))])
  .superRefine((names, ctx) => {
    if (names.length > PRIVILEGES_MAX) ctx.addIssue({ code: 'custom', message: `A role can carry at most ${PRIVILEGES_MAX} custom privileges.` });
    const bad = names.filter((name) => !PRIVILEGE_NAME.test(name) || name.length > PRIVILEGE_MAX_LENGTH);
    if (bad.length > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `Not a valid privilege name: ${bad.slice(0, 5).join(', ')}. Use lower-case letters and digits joined by dots, underscores or hyphens (e.g. report.export), up to ${PRIVILEGE_MAX_LENGTH} characters.`,
      });
    }
  });

/** Privileges named like a system permission: accepted, but the system permission always wins. */
export function shadowedPrivileges(names: readonly string[]): string[] {
  return names.filter(isSystemPermission);
}

const roleFields = {
  name: textSchema({ error: 'Name the role.' })
    .trim()
    .min(1, 'Name the role.')
    .max(60, 'A role name has at most 60 characters.')
    .refine((value) => !/[\u0000-\u001f<>]/.test(value), 'A role name cannot contain < > or control characters.'),
  description: multilineTextSchema().trim().max(500, 'A description has at most 500 characters.').default(''),
  baseRoleId: z.uuid('Pick the role this one is based on.'),
  permissions: z.array(systemPermission).max(500).default([]).transform((names) => [...new Set(names)].sort()),
  privileges: z.string().default('').pipe(privilegeListSchema),
};

export const createRoleSchema = z.object(roleFields);
export type CreateRoleInput = z.infer<typeof createRoleSchema>;

export const updateRoleSchema = z.object({ ...roleFields, roleId: z.uuid(), version: z.coerce.number().int().min(1) });
export type UpdateRoleInput = z.infer<typeof updateRoleSchema>;

/** Deleting a role: where its members and the roles based on it go, when it has any. */
export const deleteRoleSchema = z.object({
  roleId: z.uuid(),
  membersTo: z.uuid('Pick the role its members move to.').optional(),
  dependentsTo: z.uuid('Pick the role the roles based on it will be based on.').optional(),
});

/** Duplicating a role: the copy's name, or the suggested "Copy of …". */
export const duplicateRoleSchema = z.object({ roleId: z.uuid(), name: roleFields.name.optional() });
export type DuplicateRoleInput = z.infer<typeof duplicateRoleSchema>;

/** A permission or custom privilege to explain: a system permission, or a valid privilege name. */
export const explainedNameSchema = textSchema()
  .trim()
  .max(PRIVILEGE_MAX_LENGTH, 'That is not a permission or privilege name.')
  .refine((name) => isSystemPermission(name) || PRIVILEGE_NAME.test(name), 'That is not a permission or privilege name.');

/** The "why" page's query: a member of the account, and a permission or privilege. Both optional. */
export const whyQuerySchema = z.object({
  member: z.uuid().optional().catch(undefined),
  permission: explainedNameSchema.optional().catch(undefined),
});

export const memberSearchSchema = z.object({ q: textSchema().trim().max(100, 'Search for at most 100 characters.').default('') });

export const memberRolesSchema = z.object({
  membershipId: z.uuid(),
  roleIds: z.array(z.uuid()).min(1, 'Pick at least one role.').max(20).transform((ids) => [...new Set(ids)]),
});

export const memberOverridesSchema = z
  .object({
    membershipId: z.uuid(),
    grants: z.array(systemPermission).max(500).default([]),
    denies: z.array(systemPermission).max(500).default([]),
    hiddenModules: z.array(moduleKey).max(MODULES.length).default([]),
  })
  .transform((value) => ({
    ...value,
    grants: [...new Set(value.grants)].sort(),
    denies: [...new Set(value.denies)].sort(),
    hiddenModules: [...new Set(value.hiddenModules)].sort(),
  }))
  .refine((value) => !value.grants.some((name) => value.denies.includes(name)), {
    message: 'A permission cannot be both granted and denied.',
    path: ['grants'],
  });
export type MemberOverridesInput = z.infer<typeof memberOverridesSchema>;
