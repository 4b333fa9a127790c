'use server';

import { revalidatePath } from 'next/cache';
import { memberAction } from '@/lib/actions/result';
import { duplicateRole } from '@/lib/dal/roles/duplicate-role';
import { createRole, updateRole } from '@/lib/dal/roles/save-role';
import { deleteRole } from '@/lib/dal/roles/delete-role';
import { createRoleSchema, deleteRoleSchema, duplicateRoleSchema, shadowedPrivileges, updateRoleSchema } from '@/lib/validation/access';

/** Creates a custom role; answers with its id and any privileges a system permission shadows. */
export const createRoleAction = memberAction(createRoleSchema, async (data, { actor, meta }) => {
  const { id } = await createRole(actor, data, meta);
  revalidatePath('/settings/roles');
  return { id, shadowed: shadowedPrivileges(data.privileges) };
});

/** Saves a custom role; refused when someone else saved it first (the version moved on). */
export const updateRoleAction = memberAction(updateRoleSchema, async (data, { actor, meta }) => {
  const result = await updateRole(actor, data, meta);
  revalidatePath('/settings/roles');
  return { ...result, shadowed: shadowedPrivileges(data.privileges) };
});

/** Copies a role into a new custom role; answers with what could not be copied (beyond the editor). */
export const duplicateRoleAction = memberAction(duplicateRoleSchema, async (data, { actor, meta }) => {
  const copy = await duplicateRole(actor, data, meta);
  revalidatePath('/settings/roles');
  return copy;
});

/** Deletes a custom role; one in use only with a move for its members and the roles based on it. */
export const deleteRoleAction = memberAction(deleteRoleSchema, async ({ roleId, membersTo, dependentsTo }, { actor, meta }) => {
  const result = await deleteRole(actor, roleId, meta, { membersTo, dependentsTo });
  revalidatePath('/settings/roles');
  revalidatePath('/settings/users');
  return result;
});
