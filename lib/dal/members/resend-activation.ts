import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, membershipRoles, roles, userTokens, users } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { hashSecretToken, newSecretToken } from '@/lib/auth/session-token';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { activationMail } from '@/lib/mail/templates';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { assertCredentialsManagedHere } from '@/lib/dal/sessions/credentials-owner';
import { DalError } from '@/lib/dal/core/errors';
import { assertMayChange, targetMembership } from './target-membership';
import { enqueueMail } from '@/lib/dal/ops/mail-outbox';
import { assertMayResend } from '@/lib/dal/core/resend-limits';

const ACTIVATION_DAYS = 7;

/**
 * Sends a member who has not set a password yet a new activation link (7 days); earlier links stop working.
 * Needs users.manage (and Owner to act on an Owner). Refused once they have a password, for a login this
 * account does not hold alone (lib/dal/sessions/credentials-owner.ts), and (rate_limited,
 * nothing queued) past 3 times an hour per member or 200 resends an hour per account.
 */
export async function resendActivationLink(actor: Actor, membershipId: string, links: { origin: string }, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'users.manage');
  const target = await targetMembership(actor, membershipId);
  await assertMayChange(actor, target);
  const db = await getDb();
  const at = now();
  await db.transaction(async (tx) => {
    await assertMayResend(tx, actor.accountId, membershipId);
    const [person] = await tx.select({ email: users.email, firstName: users.firstName, passwordHash: users.passwordHash }).from(users).where(eq(users.id, target.userId)).for('update');
    if (!person) throw new DalError('not_found', 'That user is not a member of this account.');
    if (person.passwordHash) throw new DalError('conflict', `${target.label} has already set a password; there is nothing to activate.`);
    // An activation link sets a password: only for a login this account created and holds alone.
    await assertCredentialsManagedHere(tx, actor.accountId, target.userId, target.label);
    await tx.delete(userTokens).where(and(eq(userTokens.userId, target.userId), eq(userTokens.accountId, actor.accountId), eq(userTokens.purpose, 'activation'), isNull(userTokens.usedAt)));
    const token = newSecretToken();
    const expiresAt = new Date(at.getTime() + ACTIVATION_DAYS * 86_400_000);
    await tx.insert(userTokens).values({ tokenHash: hashSecretToken(token), userId: target.userId, accountId: actor.accountId, purpose: 'activation', createdByUserId: actor.userId, expiresAt });
    const [account] = await tx.select({ name: accounts.name }).from(accounts).where(eq(accounts.id, actor.accountId));
    const [role] = await tx.select({ name: roles.name }).from(membershipRoles).innerJoin(roles, eq(roles.id, membershipRoles.roleId)).where(eq(membershipRoles.membershipId, membershipId)).limit(1);
    await enqueueMail(tx, {
      accountId: actor.accountId,
      subjectRef: `activation:${membershipId}`,
      to: person.email,
      ...activationMail({ firstName: person.firstName, accountName: account!.name, senderName: actor.name, roleName: role?.name ?? 'a member', url: `${links.origin}/activate/${token}`, expiresAt }),
    });
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, actorName: actor.name, action: 'member.activation_resent', targetType: 'membership', targetId: membershipId, targetLabel: target.label, after: { expiresAt: expiresAt.toISOString() }, meta });
  });
}

