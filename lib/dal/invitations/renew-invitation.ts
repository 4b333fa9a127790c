import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, invitations, roles } from '@/db/schema';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { invitationMail } from '@/lib/mail/templates';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { addInvitationLink, endInvitationLinks } from './invitation-links';
import { enqueueMail } from '@/lib/dal/ops/mail-outbox';
import { assertMayResend } from '@/lib/dal/core/resend-limits';
import { DELETED_ROLE, linkExpiry } from './invite-members';

async function openInvitation(actor: Actor, id: string) {
  const db = await getDb();
  const [row] = await db
    .select({ id: invitations.id, email: invitations.email, acceptedAt: invitations.acceptedAt, revokedAt: invitations.revokedAt, expiresAt: invitations.expiresAt, accessExpiresAt: invitations.accessExpiresAt, roleName: roles.name })
    .from(invitations)
    // An accepted or revoked invitation may name a role since deleted.
    .leftJoin(roles, eq(roles.id, invitations.roleId))
    .where(and(eq(invitations.id, id), eq(invitations.accountId, actor.accountId)))
    .limit(1);
  if (!row) throw new DalError('not_found', 'That invitation does not exist in this account.');
  if (row.acceptedAt) throw new DalError('conflict', `${row.email} has already accepted.`);
  if (row.revokedAt) throw new DalError('conflict', 'That invitation was revoked. Invite them again instead.');
  return { ...row, roleName: row.roleName ?? DELETED_ROLE };
}

/**
 * A new link for an open (waiting or expired) invitation, which runs 7 more days. The links handed out
 * before keep working (all end with the invitation), unless it had expired: then it starts afresh and
 * only the new link works. With `mail`, the new link is sent; without, it is only returned (Copy link).
 * Needs users.manage. Sending again is refused (rate_limited, nothing queued) past 3 times an hour per
 * invitation or 200 an hour per account.
 */
export async function renewInvitation(actor: Actor, id: string, options: { mail: boolean; origin: string }, meta?: RequestMeta): Promise<{ link: string }> {
  await requirePermission(actor, 'users.manage');
  const row = await openInvitation(actor, id);
  const at = now();
  if (row.accessExpiresAt && row.accessExpiresAt <= at) throw new DalError('conflict', 'The temporary access this invitation grants has already ended. Invite them again with a new end date.');
  const expiresAt = linkExpiry(at, 7, row.accessExpiresAt);
  const db = await getDb();
  const link = await db.transaction(async (tx) => {
    if (options.mail) await assertMayResend(tx, actor.accountId, id);
    const [renewed] = await tx
      .update(invitations)
      .set({ expiresAt, sentByUserId: actor.userId, sentByName: actor.name })
      .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
      .returning({ id: invitations.id });
    if (!renewed) throw new DalError('conflict', `The invitation to ${row.email} was accepted or revoked meanwhile.`);
    // An expired invitation's old links stay ended rather than coming back with the new expiry.
    if (row.expiresAt <= at) await endInvitationLinks(tx, [id]);
    const token = await addInvitationLink(tx, id, options.mail ? 'mail' : 'copy', actor.userId);
    const link = `${options.origin}/invite/${token}`;
    if (options.mail) {
      const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, actor.accountId));
      await enqueueMail(tx, {
        accountId: actor.accountId,
        subjectRef: `invitation:${id}`,
        to: row.email,
        ...invitationMail({ accountName: account!.name, senderName: actor.name, roleName: row.roleName, url: link, linkExpiresAt: expiresAt, accessExpiresAt: row.accessExpiresAt }),
      });
    }
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: options.mail ? 'invitation.resent' : 'invitation.link_renewed',
      targetType: 'invitation',
      targetId: id,
      targetLabel: row.email,
      after: { expiresAt: expiresAt.toISOString() },
      meta,
    });
    return link;
  });
  return { link };
}

/** Revokes an open invitation: every link to it stops working at once. Needs users.manage. */
export async function revokeInvitation(actor: Actor, id: string, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'users.manage');
  const row = await openInvitation(actor, id);
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.update(invitations).set({ revokedAt: now() }).where(and(eq(invitations.id, id), isNull(invitations.acceptedAt)));
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, actorName: actor.name, action: 'invitation.revoked', targetType: 'invitation', targetId: id, targetLabel: row.email, meta });
  });
}
