import 'server-only';
import { and, eq, isNull } from 'drizzle-orm';
import { accounts, memberships, sessions, users } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { assertKeepsAnActiveOwner, beyondActor, isOwner, removesActiveOwner } from '@/lib/access/escalation';
import { getMemberAccess } from '@/lib/access/process-cache';
import { listGranted } from '@/lib/access/resolver';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { accessEndMail } from '@/lib/mail/templates';
import type { AccessEndChange } from '@/lib/validation/access-end';
import { writeAccessChange } from '@/lib/dal/access/write-access-change';
import { DalError } from '@/lib/dal/core/errors';
import { assertMayChange, countOtherActiveOwners, targetMembership } from './target-membership';
import { enqueueMail } from '@/lib/dal/ops/mail-outbox';

export interface AccessEndResult {
  changed: boolean;
  accessExpiresAt: string | null;
}

/**
 * Sets when a member's access ends (the user page's Access ends control, the toggle of an expired member,
 * bulk "Extend access to…"): at a date-time, now, or never. A later date revives expired access without a
 * new invitation; a deactivated member stays deactivated. Needs users.manage; refuses your own membership,
 * a non-Owner acting on an Owner, a member who holds more than the actor (no escalation), and ending the
 * last active Owner's access. Audited; the member is told by mail (through the outbox, same transaction).
 */
export async function setMemberAccessEnd(actor: Actor, membershipId: string, change: AccessEndChange, links: { origin: string }, meta?: RequestMeta): Promise<AccessEndResult> {
  const actorAccess = await requirePermission(actor, 'users.manage');
  const target = await targetMembership(actor, membershipId);
  if (membershipId === actor.membershipId) throw new DalError('forbidden', 'You cannot change when your own access ends. Ask another administrator.');
  await assertMayChange(actor, target);
  const granted = listGranted(await getMemberAccess(actor.accountId, membershipId));
  const beyond = beyondActor(actorAccess, [...granted.permissions, ...granted.privileges]);
  if (beyond.length > 0) {
    throw new DalError('forbidden', `${target.label} holds more than you do (${beyond.join(', ')}), so you cannot change their access.`);
  }

  const at = now();
  const next = change.mode === 'until' ? change.endsAt : change.mode === 'now' ? at : null;
  const changed = (result: AccessEndResult) => (result.changed ? { membershipIds: [membershipId] } : null);
  return writeAccessChange(actor, changed, async ({ tx, audit }): Promise<AccessEndResult> => {
    // Locked and read again: two admins changing the same member are applied one after the other.
    const [current] = await tx
      .select({ accessExpiresAt: memberships.accessExpiresAt, status: memberships.status })
      .from(memberships)
      .where(and(eq(memberships.id, membershipId), eq(memberships.accountId, actor.accountId)))
      .for('update');
    if (!current) throw new DalError('not_found', 'That user is not a member of this account.');
    const wasExpired = current.accessExpiresAt !== null && current.accessExpiresAt.getTime() <= at.getTime();
    if (change.mode === 'now' && wasExpired) return { changed: false, accessExpiresAt: current.accessExpiresAt!.toISOString() };
    if ((current.accessExpiresAt?.getTime() ?? null) === (next?.getTime() ?? null)) return { changed: false, accessExpiresAt: next?.toISOString() ?? null };
    const owner = isOwner(target);
    if (removesActiveOwner({ owner, active: current.status === 'active' }, { owner, active: change.mode !== 'now' })) {
      assertKeepsAnActiveOwner(await countOtherActiveOwners(tx, actor.accountId, membershipId));
    }

    await tx.update(memberships).set({ accessExpiresAt: next, updatedAt: at }).where(eq(memberships.id, membershipId));
    if (change.mode === 'now') {
      await tx
        .update(sessions)
        .set({ revokedAt: at, revokedReason: 'access_expired' })
        .where(and(eq(sessions.userId, target.userId), eq(sessions.accountId, actor.accountId), isNull(sessions.revokedAt)));
    }
    const [person] = await tx
      .select({ email: users.email, contactEmail: users.contactEmail, contactEmailVerifiedAt: users.contactEmailVerifiedAt, firstName: users.firstName, accountName: accounts.name })
      .from(users)
      .innerJoin(accounts, eq(accounts.id, actor.accountId))
      .where(eq(users.id, target.userId));
    await enqueueMail(tx, {
      accountId: actor.accountId,
      subjectRef: `access-end:${membershipId}`,
      to: person!.contactEmail && person!.contactEmailVerifiedAt ? person!.contactEmail : person!.email,
      ...accessEndMail({ firstName: person!.firstName, accountName: person!.accountName, senderName: actor.name, accessExpiresAt: next, endedNow: change.mode === 'now', url: `${links.origin}/login` }),
    });
    await audit({
      action: 'member.access_end_changed',
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: target.label,
      before: { accessExpiresAt: current.accessExpiresAt?.toISOString() ?? null, expired: wasExpired },
      after: { accessExpiresAt: next?.toISOString() ?? null, mode: change.mode },
    });
    return { changed: true, accessExpiresAt: next?.toISOString() ?? null };
  }, meta);
}
