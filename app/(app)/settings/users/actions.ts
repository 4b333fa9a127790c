'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction } from '@/lib/actions/result';
import { getRequestMeta, requireMemberAccess } from '@/lib/auth/current';
import { explainMemberPermission, setMemberOverrides, setMemberRoles } from '@/lib/dal/member-access';
import { changeMemberStatus } from '@/lib/dal/member-status';
import { memberOverridesSchema, memberRolesSchema } from '@/lib/validation/access';

/** Replaces the roles of one member (the "Member of" widget). */
export async function setMemberRolesAction(input: unknown) {
  return runAction(memberRolesSchema, input, async ({ membershipId, roleIds }) => {
    const { actor } = await requireMemberAccess();
    await setMemberRoles(actor, membershipId, roleIds, await getRequestMeta());
    revalidatePath('/settings/users');
    return null;
  });
}

/** Replaces one member's navigation and fine-grained permission overrides. */
export async function setMemberOverridesAction(input: unknown) {
  return runAction(memberOverridesSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    await setMemberOverrides(actor, data, await getRequestMeta());
    revalidatePath('/settings/users');
    return null;
  });
}

const explainSchema = z.object({ membershipId: z.uuid(), permission: z.string().min(1).max(64) });

/** Why a member holds a permission or not. */
export async function explainPermissionAction(input: unknown) {
  return runAction(explainSchema, input, async ({ membershipId, permission }) => {
    const { actor } = await requireMemberAccess();
    return explainMemberPermission(actor, membershipId, permission);
  });
}

const statusSchema = z.object({ membershipId: z.uuid(), change: z.enum(['activate', 'deactivate', 'approve']) });

/** The quick activation toggle and guest approval. */
export async function changeMemberStatusAction(input: unknown) {
  return runAction(statusSchema, input, async ({ membershipId, change }) => {
    const { actor } = await requireMemberAccess();
    const result = await changeMemberStatus(actor, membershipId, change, await getRequestMeta());
    revalidatePath('/settings/users');
    return result;
  });
}
