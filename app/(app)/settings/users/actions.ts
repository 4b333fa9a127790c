'use server';

import { revalidatePath } from 'next/cache';
import { memberAction } from '@/lib/actions/result';
import { resendActivationLink } from '@/lib/dal/members/resend-activation';
import { addMember } from '@/lib/dal/members/add-member';
import { appOrigin } from '@/lib/http/origin';
import { kickMailWorker } from '@/lib/mail/worker';
import { bulkChangeMembers } from '@/lib/dal/members/bulk-change-members';
import { deleteMember } from '@/lib/dal/members/delete-member';
import { revokeMemberSession } from '@/lib/dal/sessions/member-sessions';
import { setMemberPassword } from '@/lib/dal/members/set-member-password';
import { setMemberOverrides, setMemberRoles } from '@/lib/dal/members/set-member-access';
import { changeMemberStatus } from '@/lib/dal/members/change-member-status';
import { setMemberAccessEnd } from '@/lib/dal/members/set-access-end';
import { memberAccessEndSchema } from '@/lib/validation/access-end';
import { memberOverridesSchema, memberRolesSchema } from '@/lib/validation/access';
import { addMemberSchema } from '@/lib/validation/add-member';
import { bulkMembersSchema, memberPasswordSchema, memberSessionSchema, memberStatusChangeSchema, membershipRefSchema } from '@/lib/validation/member-changes';

/** Replaces the roles of one member (the "Member of" widget). */
export const setMemberRolesAction = memberAction(memberRolesSchema, async ({ membershipId, roleIds }, { actor, meta }) => {
  await setMemberRoles(actor, membershipId, roleIds, meta);
  revalidatePath('/settings/users');
  return null;
});

/** Replaces one member's navigation and fine-grained permission overrides. */
export const setMemberOverridesAction = memberAction(memberOverridesSchema, async (data, { actor, meta }) => {
  await setMemberOverrides(actor, data, meta);
  revalidatePath('/settings/users');
  return null;
});

/** The quick activation toggle and guest approval. */
export const changeMemberStatusAction = memberAction(memberStatusChangeSchema, async ({ membershipId, change }, { actor, meta }) => {
  const result = await changeMemberStatus(actor, membershipId, change, meta);
  revalidatePath('/settings/users');
  return result;
});

/**
 * Adds a user ("input the new user's email and name, then Add User"). The link goes only by mail, through
 * the outbox, and the answer names just the address: it must not tell whether that address has a login.
 */
export const addMemberAction = memberAction(addMemberSchema, async (data, { actor, meta }) => {
  const added = await addMember(actor, data, { origin: await appOrigin() }, meta);
  kickMailWorker();
  revalidatePath('/settings/users');
  revalidatePath('/settings/invites');
  // The same for every address; whether mail is kept locally is a property of this server, not of the person.
  return { ...added, mailKeptLocally: !process.env.RESEND_API_KEY };
});

/** A new activation link by mail, for a member who has not set a password yet; earlier links stop working. */
export const resendActivationLinkAction = memberAction(membershipRefSchema, async ({ membershipId }, { actor, meta }) => {
  await resendActivationLink(actor, membershipId, { origin: await appOrigin() }, meta);
  kickMailWorker();
  return null;
});

/** The Change password widget: a new password for another member; their sessions end. */
export const setMemberPasswordAction = memberAction(memberPasswordSchema, async ({ membershipId, password }, { actor, meta }) => {
  return setMemberPassword(actor, membershipId, password, meta);
});

export const revokeMemberSessionAction = memberAction(memberSessionSchema, async ({ membershipId, sessionIdHash }, { actor, meta }) => {
  await revokeMemberSession(actor, membershipId, sessionIdHash, meta);
  revalidatePath(`/settings/users/${membershipId}`);
  return null;
});

/** Delete, offered once login is disabled. */
export const deleteMemberAction = memberAction(membershipRefSchema, async ({ membershipId }, { actor, meta }) => {
  const result = await deleteMember(actor, membershipId, meta);
  revalidatePath('/settings/users');
  return result;
});

/** The user page's Access ends control: set or extend the end of a member's access, end it now, or make it permanent. */
export const setMemberAccessEndAction = memberAction(memberAccessEndSchema, async ({ membershipId, change }, { actor, meta }) => {
  const result = await setMemberAccessEnd(actor, membershipId, change, { origin: await appOrigin() }, meta);
  kickMailWorker();
  revalidatePath('/settings/users');
  return result;
});


/** Bulk activate, deactivate, change role or extend access, answering per user what changed and what was refused. */
export const bulkMembersAction = memberAction(bulkMembersSchema, async ({ membershipIds, operation, roleId, accessEndsAt }, { actor, meta }) => {
  const options = { roleId, accessEndsAt: accessEndsAt ? new Date(accessEndsAt) : null, origin: await appOrigin() };
  const result = await bulkChangeMembers(actor, [...new Set(membershipIds)], operation, options, meta);
  if (operation === 'extend') kickMailWorker();
  revalidatePath('/settings/users');
  return result;
});
