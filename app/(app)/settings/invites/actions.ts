'use server';

import { revalidatePath } from 'next/cache';
import { memberAction } from '@/lib/actions/result';
import { retryFailedInvitationMail } from '@/lib/dal/invitations/retry-invitation-mail';
import { inviteMembers } from '@/lib/dal/invitations/invite-members';
import { renewInvitation, revokeInvitation } from '@/lib/dal/invitations/renew-invitation';
import { appOrigin } from '@/lib/http/origin';
import { kickMailWorker } from '@/lib/mail/worker';
import { invitationRefSchema, inviteSchema } from '@/lib/validation/invitations';

/** The invite dialog: one address, many pasted, or a CSV; answers per row what was sent or refused and why. */
export const inviteAction = memberAction(inviteSchema, async (data, { actor, meta }) => {
  const results = await inviteMembers(actor, data, { origin: await appOrigin() }, meta);
  kickMailWorker();
  revalidatePath('/settings/invites');
  return results;
});

/** Resend: a new link by mail; the links sent before keep working. */
export const resendInvitationAction = memberAction(invitationRefSchema, async ({ invitationId }, { actor, meta }) => {
  await renewInvitation(actor, invitationId, { mail: true, origin: await appOrigin() }, meta);
  kickMailWorker();
  revalidatePath('/settings/invites');
  return null;
});

/** Copy link: a new link to hand over; the emailed link keeps working. */
export const copyInvitationLinkAction = memberAction(invitationRefSchema, async ({ invitationId }, { actor, meta }) => {
  const { link } = await renewInvitation(actor, invitationId, { mail: false, origin: await appOrigin() }, meta);
  revalidatePath('/settings/invites');
  return { link };
});

export const revokeInvitationAction = memberAction(invitationRefSchema, async ({ invitationId }, { actor, meta }) => {
  await revokeInvitation(actor, invitationId, meta);
  revalidatePath('/settings/invites');
  return null;
});

/** Retry all failed: every open invitation of this account whose mail failed gets a new link by mail. */
export const retryFailedInvitationsAction = memberAction(async ({ actor, meta }) => {
  const result = await retryFailedInvitationMail(actor, { origin: await appOrigin() }, meta);
  kickMailWorker();
  revalidatePath('/settings/invites');
  return result;
});
