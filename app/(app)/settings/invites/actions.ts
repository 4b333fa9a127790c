'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { runAction } from '@/lib/actions/result';
import { getRequestMeta, requireMemberAccess } from '@/lib/auth/current';
import { retryFailedInvitationMail } from '@/lib/dal/invitation-mail';
import { inviteMembers, renewInvitation, revokeInvitation } from '@/lib/dal/invitations';
import { appOrigin } from '@/lib/http/origin';
import { kickMailWorker } from '@/lib/mail/worker';
import { inviteSchema } from '@/lib/validation/invitations';

/** The invite dialog: one address, many pasted, or a CSV; answers per row what was sent or refused and why. */
export async function inviteAction(input: unknown) {
  return runAction(inviteSchema, input, async (data) => {
    const { actor } = await requireMemberAccess();
    const results = await inviteMembers(actor, data, { origin: await appOrigin() }, await getRequestMeta());
    kickMailWorker();
    revalidatePath('/settings/invites');
    return results;
  });
}

const rowSchema = z.object({ invitationId: z.uuid() });

/** Resend: a new link by mail; the links sent before keep working. */
export async function resendInvitationAction(input: unknown) {
  return runAction(rowSchema, input, async ({ invitationId }) => {
    const { actor } = await requireMemberAccess();
    await renewInvitation(actor, invitationId, { mail: true, origin: await appOrigin() }, await getRequestMeta());
    kickMailWorker();
    revalidatePath('/settings/invites');
    return null;
  });
}

/** Copy link: a new link to hand over; the emailed link keeps working. */
export async function copyInvitationLinkAction(input: unknown) {
  return runAction(rowSchema, input, async ({ invitationId }) => {
    const { actor } = await requireMemberAccess();
    const { link } = await renewInvitation(actor, invitationId, { mail: false, origin: await appOrigin() }, await getRequestMeta());
    revalidatePath('/settings/invites');
    return { link };
  });
}

export async function revokeInvitationAction(input: unknown) {
  return runAction(rowSchema, input, async ({ invitationId }) => {
    const { actor } = await requireMemberAccess();
    await revokeInvitation(actor, invitationId, await getRequestMeta());
    revalidatePath('/settings/invites');
    return null;
  });
}

/** Retry all failed: every open invitation of this account whose mail failed gets a new link by mail. */
export async function retryFailedInvitationsAction() {
  return runAction(z.object({}), {}, async () => {
    const { actor } = await requireMemberAccess();
    const result = await retryFailedInvitationMail(actor, { origin: await appOrigin() }, await getRequestMeta());
    kickMailWorker();
    revalidatePath('/settings/invites');
    return result;
  });
}
