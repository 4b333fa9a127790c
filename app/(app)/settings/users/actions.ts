'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction } from '@/lib/actions/result';
import { getRequestMeta, requireMemberAccess } from '@/lib/auth/current';
import { resendActivationLink } from '@/lib/dal/activation-resend';
import { addMember } from '@/lib/dal/add-member';
import { appOrigin } from '@/lib/http/origin';
import { kickMailWorker } from '@/lib/mail/worker';
import { bulkChangeMembers } from '@/lib/dal/member-bulk';
import { deleteMember, revokeMemberSession, setMemberPassword } from '@/lib/dal/member-detail';
import { explainMemberPermission, setMemberOverrides, setMemberRoles } from '@/lib/dal/member-access';
import { changeMemberStatus } from '@/lib/dal/member-status';
import { setMemberAccessEnd } from '@/lib/dal/member-access-end';
import { accessEndChangeSchema, memberAccessEndSchema } from '@/lib/validation/access-end';
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
 * Adds a user ("input the new user's email and name, then Add User"). The link goes only by mail, through
 * the outbox, and the answer names just the address: it must not tell whether that address has a login.
 */
export async function addMemberAction(input: unknown) {
  return runAction(addMemberSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    const added = await addMember(actor, data, { origin: await appOrigin() }, await getRequestMeta());
    kickMailWorker();
    revalidatePath('/settings/users');
    revalidatePath('/settings/invites');
    // The same for every address; whether mail is kept locally is a property of this server, not of the person.
    return { ...added, mailKeptLocally: !process.env.RESEND_API_KEY };
  });
}

const activationSchema = z.object({ membershipId: z.uuid() });

/** A new activation link by mail, for a member who has not set a password yet; earlier links stop working. */
export async function resendActivationLinkAction(input: unknown) {
  return runAction(activationSchema, input, async ({ membershipId }) => {
    const { actor } = await requireMemberAccess();
    await resendActivationLink(actor, membershipId, { origin: await appOrigin() }, await getRequestMeta());
    kickMailWorker();
    return null;
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

/** The user page's Access ends control: set or extend the end of a member's access, end it now, or make it permanent. */
export async function setMemberAccessEndAction(input: unknown) {
  return runAction(memberAccessEndSchema, input, async ({ membershipId, change }) => {
    const { actor } = await requireMemberAccess();
    const result = await setMemberAccessEnd(actor, membershipId, change, { origin: await appOrigin() }, await getRequestMeta());
    kickMailWorker();
    revalidatePath('/settings/users');
    return result;
  });
}

const bulkSchema = z
  .object({
    membershipIds: z.array(z.uuid()).min(1, 'Select at least one user.').max(500, 'Select at most 500 users at a time.'),
    operation: z.enum(['activate', 'deactivate', 'role', 'extend']),
    roleId: z.uuid().nullable().default(null),
    accessEndsAt: z.string().max(40).nullable().default(null),
  })
  .superRefine((value, ctx) => {
    if (value.operation !== 'extend') return;
    const parsed = accessEndChangeSchema.safeParse({ mode: 'until', endsAt: value.accessEndsAt ?? '' });
    if (!parsed.success) ctx.addIssue({ code: 'custom', path: ['accessEndsAt'], message: parsed.error.issues[0]?.message ?? 'Pick the date and time access ends.' });
  });

/** Bulk activate, deactivate, change role or extend access, answering per user what changed and what was refused. */
export async function bulkMembersAction(input: unknown) {
  return runAction(bulkSchema, input, async ({ membershipIds, operation, roleId, accessEndsAt }) => {
    const { actor } = await requireMemberAccess();
    const options = { roleId, accessEndsAt: accessEndsAt ? new Date(accessEndsAt) : null, origin: await appOrigin() };
    const result = await bulkChangeMembers(actor, [...new Set(membershipIds)], operation, options, await getRequestMeta());
    if (operation === 'extend') kickMailWorker();
    revalidatePath('/settings/users');
    return result;
  });
}
