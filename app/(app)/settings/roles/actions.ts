'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/lib/actions/result';
import { getRequestMeta, requireMemberAccess } from '@/lib/auth/current';
import { duplicateRole } from '@/lib/dal/role-duplicate';
import { createRole, deleteRole, updateRole } from '@/lib/dal/roles';
import { createRoleSchema, deleteRoleSchema, duplicateRoleSchema, shadowedPrivileges, updateRoleSchema } from '@/lib/validation/access';

/** Creates a custom role; answers with its id and any privileges a system permission shadows. */
export async function createRoleAction(input: unknown) {
  return runAction(createRoleSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    const { id } = await createRole(actor, data, await getRequestMeta());
    revalidatePath('/settings/roles');
    return { id, shadowed: shadowedPrivileges(data.privileges) };
  });
}

/** Saves a custom role; refused when someone else saved it first (the version moved on). */
export async function updateRoleAction(input: unknown) {
  return runAction(updateRoleSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    const result = await updateRole(actor, data, await getRequestMeta());
    revalidatePath('/settings/roles');
    return { ...result, shadowed: shadowedPrivileges(data.privileges) };
  });
}

/** Copies a role into a new custom role; answers with what could not be copied (beyond the editor). */
export async function duplicateRoleAction(input: unknown) {
  return runAction(duplicateRoleSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    const copy = await duplicateRole(actor, data, await getRequestMeta());
    revalidatePath('/settings/roles');
    return copy;
  });
}

/** Deletes a custom role; one in use only with a move for its members and the roles based on it. */
export async function deleteRoleAction(input: unknown) {
  return runAction(deleteRoleSchema, input, async ({ roleId, membersTo, dependentsTo }) => {
    const { actor } = await requireMemberAccess();
    const result = await deleteRole(actor, roleId, await getRequestMeta(), { membersTo, dependentsTo });
    revalidatePath('/settings/roles');
    revalidatePath('/settings/users');
    return result;
  });
}
