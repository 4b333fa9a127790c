'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction } from '@/lib/actions/result';
import { getRequestMeta, requireMemberAccess } from '@/lib/auth/current';
import { addMember } from '@/lib/dal/add-member';
import { appOrigin } from '@/lib/http/origin';
import { kickMailWorker } from '@/lib/mail/worker';
import { bulkChangeMembers } from '@/lib/dal/member-bulk';
import { deleteMember, revokeMemberSession, setMemberPassword } from '@/lib/dal/member-detail';
import { explainMemberPermission, setMemberOverrides, setMemberRoles } from '@/lib/dal/member-access';
import { changeMemberStatus } from '@/lib/dal/member-status';
import { listRoleOptions } from '@/lib/dal/role-options';
import { listGranted } from '@/lib/access/resolver';
import { memberOverridesSchema, memberRolesSchema } from '@/lib/validation/access';
import { addMemberSchema } from '@/lib/validation/add-member';
import { newPasswordSchema } from '@/lib/validation/auth';
import { textSchema } from '@/lib/validation/primitives';

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

const explainSchema = z.object({ membershipId: z.uuid(), permission: textSchema().min(1).max(64) });

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

/**
 * Adds a user ("input the new user's email and name, then Add User"). The activation mail goes out through
 * the outbox; the link is also shown to the admin, to hand over in person if need be.
 */
export async function addMemberAction(input: unknown) {
  return runAction(addMemberSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    const origin = await appOrigin();
    const added = await addMember(actor, data, { origin }, await getRequestMeta());
    kickMailWorker();
    const activationUrl = added.activationToken ? `${origin}/activate/${added.activationToken}` : null;
    revalidatePath('/settings/users');
    return { membershipId: added.membershipId, activationUrl };
  });
}

/** The roles the actor may hand out (nothing beyond their own access) and what they hold, for the Add user, invite and bulk dialogs. */
export async function addMemberOptionsAction() {
  return runAction(z.object({}), {}, async () => {
    const { actor, access } = await requireMemberAccess();
    return { roles: await listRoleOptions(actor), held: listGranted(access).permissions };
  });
}

const passwordSchema = newPasswordSchema({ membershipId: z.uuid() }, []);

/** The Change password widget: a new password for another member; their sessions end. */
export async function setMemberPasswordAction(input: unknown) {
  return runAction(passwordSchema, input, async ({ membershipId, password }) => {
    const { actor } = await requireMemberAccess();
    return setMemberPassword(actor, membershipId, password, await getRequestMeta());
  });
}

const sessionSchema = z.object({ membershipId: z.uuid(), sessionIdHash: textSchema().min(20).max(64) });

export async function revokeMemberSessionAction(input: unknown) {
  return runAction(sessionSchema, input, async ({ membershipId, sessionIdHash }) => {
    const { actor } = await requireMemberAccess();
    await revokeMemberSession(actor, membershipId, sessionIdHash, await getRequestMeta());
    revalidatePath(`/settings/users/${membershipId}`);
    return null;
  });
}

const deleteSchema = z.object({ membershipId: z.uuid() });

/** Delete, offered once login is disabled. */
export async function deleteMemberAction(input: unknown) {
  return runAction(deleteSchema, input, async ({ membershipId }) => {
    const { actor } = await requireMemberAccess();
    const result = await deleteMember(actor, membershipId, await getRequestMeta());
    revalidatePath('/settings/users');
    return result;
  });
}

const bulkSchema = z.object({
  membershipIds: z.array(z.uuid()).min(1, 'Select at least one user.').max(500, 'Select at most 500 users at a time.'),
  operation: z.enum(['activate', 'deactivate', 'role']),
  roleId: z.uuid().nullable().default(null),
});

/** Bulk activate, deactivate or change role, answering per user what changed and what was refused. */
export async function bulkMembersAction(input: unknown) {
  return runAction(bulkSchema, input, async ({ membershipIds, operation, roleId }) => {
    const { actor } = await requireMemberAccess();
    const result = await bulkChangeMembers(actor, [...new Set(membershipIds)], operation, roleId, await getRequestMeta());
    revalidatePath('/settings/users');
    return result;
  });
}
