import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { memberships, sessions } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { assertKeepsAnActiveOwner, isOwner, removesActiveOwner } from '@/lib/access/escalation';
import type { AuditAction } from '@/lib/audit-actions';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { writeAccessChange } from '@/lib/dal/access/write-access-change';
import { DalError } from '@/lib/dal/core/errors';
import { assertMayChange, countOtherActiveOwners, targetMembership } from './target-membership';

export type StatusChange = 'activate' | 'deactivate' | 'approve';

const STATUS_ACTIONS: Record<StatusChange, AuditAction> = {
  activate: 'member.activated',
  deactivate: 'member.deactivated',
  approve: 'member.approved',
};

/**
 * Deactivates, reactivates or approves a member. Needs users.manage. Deactivation ends the member's
 * sessions in this account at once (their next request is refused); reactivation restores access with the
 * same roles; approval turns a pending guest active. Refuses: deactivating yourself, a non-Owner acting on
 * an Owner, deactivating the last active Owner, approving someone who is not pending.
 * Answers whether anything changed.
 */
export async function changeMemberStatus(actor: Actor, membershipId: string, change: StatusChange, meta?: RequestMeta): Promise<{ changed: boolean; sessionsEnded: number }> {
  await requirePermission(actor, 'users.manage');
  const target = await targetMembership(actor, membershipId);
  if (change === 'deactivate' && membershipId === actor.membershipId) {
    throw new DalError('forbidden', 'You cannot deactivate yourself. Ask another administrator.');
  }
  await assertMayChange(actor, target);
  if (change === 'approve' && target.status !== 'pending') {
    throw new DalError('conflict', `${target.label} is not waiting for approval.`);
  }
  if (change === 'activate' && target.status === 'pending') {
    throw new DalError('conflict', `${target.label} is waiting for approval: approve them instead.`);
  }
  const next = change === 'deactivate' ? 'deactivated' : 'active';
  if (target.status === next) return { changed: false, sessionsEnded: 0 };

  const at = now();
  const sessionsEnded = await writeAccessChange(actor, { membershipIds: [membershipId] }, async ({ tx, audit }) => {
    const owner = isOwner(target);
    if (removesActiveOwner({ owner, active: target.status === 'active' }, { owner, active: next === 'active' })) {
      assertKeepsAnActiveOwner(await countOtherActiveOwners(tx, actor.accountId, membershipId));
    }
    await tx.update(memberships).set({ status: next, updatedAt: at }).where(eq(memberships.id, membershipId));
    let ended = 0;
    if (change === 'deactivate') {
      const rows = await tx
        .update(sessions)
        .set({ revokedAt: at, revokedReason: 'deactivated' })
        .where(and(eq(sessions.userId, target.userId), eq(sessions.accountId, actor.accountId), isNull(sessions.revokedAt)))
        .returning({ idHash: sessions.idHash });
      ended = rows.length;
    }
    await audit({
      action: STATUS_ACTIONS[change],
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: target.label,
      before: { status: target.status },
      after: { status: next, ...(change === 'deactivate' ? { sessionsEnded: ended } : {}) },
    });
    return ended;
  }, meta);
  return { changed: true, sessionsEnded };
}
