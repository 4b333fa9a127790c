'use server';

import { revalidatePath } from 'next/cache';
import { runAction } from '@/lib/actions/result';
import { getRequestMeta, requireMemberAccess } from '@/lib/auth/current';
import { createRole, deleteRole, updateRole } from '@/lib/dal/roles';
import { createRoleSchema, deleteRoleSchema, shadowedPrivileges, updateRoleSchema } from '@/lib/validation/access';

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

export async function deleteRoleAction(input: unknown) {
  return runAction(deleteRoleSchema, input, async ({ roleId }) => {
    const { actor } = await requireMemberAccess();
    await deleteRole(actor, roleId, await getRequestMeta());
    revalidatePath('/settings/roles');
    return null;
  });
}
