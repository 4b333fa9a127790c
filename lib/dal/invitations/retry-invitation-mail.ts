import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { accounts, auditLog, invitations, roles } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { invitationMail } from '@/lib/mail/templates';
import type { AuditRow } from '@/lib/dal/core/record-audit';
import { addInvitationLink, endInvitationLinks } from './invitation-links';
import { linkExpiry } from './invite-members';
import { enqueueMails } from '@/lib/dal/ops/mail-outbox';

/** Open invitations of the account whose newest mail failed for good (Resend refused it, or it ran out of retries). */
const failedOpen = (accountId: string) =>
  and(
    eq(invitations.accountId, accountId),
    isNull(invitations.acceptedAt),
    isNull(invitations.revokedAt),
    sql`(select o.status from mail_outbox o where o.subject_ref = 'invitation:' || ${invitations.id} order by o.created_at desc limit 1) = 'failed'`,
  );

/** How many open invitations of the actor's account are waiting on a failed mail, for the Invites tab. Needs users.manage. */
export async function countFailedInvitationMail(actor: Actor): Promise<number> {
  await requirePermission(actor, 'users.manage');
  const db = await getDb();
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(invitations).where(failedOpen(actor.accountId));
  return Number(row?.count ?? 0);
}

/**
 * "Retry all failed" on the Invites tab: every open invitation of the actor's account whose newest mail
 * failed gets a new link and a new mail (as Resend does: the links handed out before keep working), audited
 * one by one. Needs users.manage, as Resend does; another account's mail is never touched. An
 * invitation whose temporary access has already ended is left alone (invite them again instead).
 */
export async function retryFailedInvitationMail(actor: Actor, links: { origin: string }, meta?: RequestMeta): Promise<{ retried: number }> {
  await requirePermission(actor, 'users.manage');
  const db = await getDb();
  const at = now();
  return db.transaction(async (tx: Tx) => {
    const failed = await tx
      .select({ id: invitations.id, email: invitations.email, accessExpiresAt: invitations.accessExpiresAt, expiresAt: invitations.expiresAt, roleName: roles.name })
      .from(invitations)
      .innerJoin(roles, eq(roles.id, invitations.roleId))
      .where(failedOpen(actor.accountId))
      .for('update', { of: invitations });
    const retrying = failed.filter((row) => !row.accessExpiresAt || row.accessExpiresAt > at);
    if (retrying.length === 0) return { retried: 0 };
    const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, actor.accountId));
    const mails: Parameters<typeof enqueueMails>[1] = [];
    const audits: AuditRow[] = [];
    for (const row of retrying) {
      const expiresAt = linkExpiry(at, 7, row.accessExpiresAt);
      await tx.update(invitations).set({ expiresAt, sentByUserId: actor.userId, sentByName: actor.name }).where(eq(invitations.id, row.id));
      // As Resend does: earlier links keep working, unless the invitation had expired.
      if (row.expiresAt <= at) await endInvitationLinks(tx, [row.id]);
      const token = await addInvitationLink(tx, row.id, 'mail', actor.userId);
      mails.push({
        accountId: actor.accountId,
        subjectRef: `invitation:${row.id}`,
        to: row.email,
        ...invitationMail({ accountName: account!.name, senderName: actor.name, roleName: row.roleName, url: `${links.origin}/invite/${token}`, linkExpiresAt: expiresAt, accessExpiresAt: row.accessExpiresAt }),
      });
      audits.push({
        accountId: actor.accountId,
        actorUserId: actor.userId,
        actorName: actor.name,
        action: 'invitation.mail_retried',
        targetType: 'invitation',
        targetId: row.id,
        targetLabel: row.email,
        after: { expiresAt: expiresAt.toISOString() },
        ip: meta?.ip ?? null,
        userAgent: meta?.userAgent ?? null,
      });
    }
    await enqueueMails(tx, mails);
    for (let start = 0; start < audits.length; start += 500) await tx.insert(auditLog).values(audits.slice(start, start + 500));
    return { retried: retrying.length };
  });
}

