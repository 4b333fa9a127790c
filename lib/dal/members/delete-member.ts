import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import { memberships, users } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import type { RequestMeta } from '@/lib/http/client';
import { writeAccessChange } from '@/lib/dal/access/write-access-change';
import { DalError } from '@/lib/dal/core/errors';
import { assertMayChange, targetMembership } from './target-membership';

/**
 * Deletes a member: offered only once their login is disabled (deactivated). Removes the membership, and
 * the person too when they belong to no other account. The audit log keeps their name. Needs users.manage;
 * refuses yourself and a non-Owner acting on an Owner.
 */
export async function deleteMember(actor: Actor, membershipId: string, meta?: RequestMeta): Promise<{ userDeleted: boolean }> {
  await requirePermission(actor, 'users.manage');
  const target = await targetMembership(actor, membershipId);
  if (membershipId === actor.membershipId) throw new DalError('forbidden', 'You cannot delete yourself.');
  await assertMayChange(actor, target);
  if (target.status !== 'deactivated') throw new DalError('conflict', `Disable ${target.label}’s login first, then delete.`);
  return writeAccessChange(actor, { membershipIds: [membershipId] }, async ({ tx, audit }) => {
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, target.userId));
    await tx.delete(memberships).where(eq(memberships.id, membershipId));
    const [other] = await tx.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.userId, target.userId), ne(memberships.id, membershipId))).limit(1);
    if (!other) await tx.delete(users).where(eq(users.id, target.userId));
    await audit({
      action: 'member.deleted',
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: target.label,
      before: { name: target.label, email: user?.email, roles: target.roles.map((role) => role.name) },
      after: { userDeleted: !other },
    });
    return { userDeleted: !other };
  }, meta);
}
