import 'server-only';
import { and, desc, eq, gt, isNull, ne } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { sessions, users } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { assertMayChange, targetMembership } from '@/lib/dal/members/target-membership';

/** A person's open sessions, most recently used first; only those in one account when it is given. */
export async function listOpenSessions(userId: string, at: Date, accountId?: string) {
  const db = await getDb();
  return db
    .select({ idHash: sessions.idHash, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, ip: sessions.ip, userAgent: sessions.userAgent })
    .from(sessions)
    .where(and(eq(sessions.userId, userId), accountId ? eq(sessions.accountId, accountId) : undefined, isNull(sessions.revokedAt), gt(sessions.expiresAt, at)))
    .orderBy(desc(sessions.lastSeenAt));
}

/**
 * Stores a new password hash and ends the person's sessions in every account (a password is theirs
 * everywhere), except `keepSessionIdHash` when they change it themselves. Answers how many ended.
 */
export async function storePasswordEndingSessions(tx: Tx, userId: string, passwordHash: string, at: Date, keepSessionIdHash?: string): Promise<number> {
  await tx.update(users).set({ passwordHash, updatedAt: at }).where(eq(users.id, userId));
  const ended = await tx
    .update(sessions)
    .set({ revokedAt: at, revokedReason: 'password_changed' })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), keepSessionIdHash ? ne(sessions.idHash, keepSessionIdHash) : undefined))
    .returning({ idHash: sessions.idHash });
  return ended.length;
}

/** Ends one session of a member, in this account. Needs users.manage; refuses a non-Owner acting on an Owner. */
export async function revokeMemberSession(actor: Actor, membershipId: string, sessionIdHash: string, meta?: RequestMeta): Promise<void> {
  await requirePermission(actor, 'users.manage');
  const target = await targetMembership(actor, membershipId);
  await assertMayChange(actor, target);
  const db = await getDb();
  await db.transaction(async (tx) => {
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: now(), revokedReason: 'revoked' })
      .where(and(eq(sessions.idHash, sessionIdHash), eq(sessions.userId, target.userId), eq(sessions.accountId, actor.accountId), isNull(sessions.revokedAt)))
      .returning({ idHash: sessions.idHash });
    if (ended.length === 0) throw new DalError('not_found', 'That session has already ended.');
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: 'member.session_revoked',
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: target.label,
      meta,
    });
  });
}
