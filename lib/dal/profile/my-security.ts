import 'server-only';
import { and, count, desc, eq, gt, gte, inArray, isNull, ne, notInArray, or } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { auditLog, sessions, users } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import type { AuditAction } from '@/lib/audit-actions';
import { hashPassword, verifyPassword } from '@/lib/auth/password-hash';
import { now } from '@/lib/clock';
import { appConfig } from '@/lib/config';
import { describeDevice } from '@/lib/http/device';
import type { RequestMeta } from '@/lib/http/client';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { listOpenSessions, storePasswordEndingSessions } from '@/lib/dal/sessions/member-sessions';
import { type MySession } from '@/lib/types/sessions';

/** The acting member and the session they act from: "this device" is never revoked by mistake. */
export type SelfActor = Actor & { sessionIdHash: string };

const targetOf = (actor: Actor) => ({ targetType: 'user', targetId: actor.userId, targetLabel: actor.name });

/**
 * Changes my own password: the current one is required (wrong tries are limited like sign-ins), the new
 * one is checked by the caller's schema. My other sessions end, in every account; this one stays.
 */
export async function changeMyPassword(actor: SelfActor, currentPassword: string, newPassword: string, meta?: RequestMeta): Promise<{ sessionsEnded: number }> {
  const db = await getDb();
  const outcome = await db.transaction(async (tx) => {
    // My row stays locked until this attempt is recorded: parallel guesses take turns, so each one sees the
    // failures before it and no more than the allowed number are ever checked.
    const [user] = await tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.userId)).for('update');
    if (!user) throw new DalError('not_found', 'Your login no longer exists.');
    const windowStart = new Date(Date.now() - appConfig.loginWindowMinutes * 60_000);
    const [{ failures } = { failures: 0 }] = await tx
      .select({ failures: count() })
      .from(auditLog)
      .where(and(eq(auditLog.actorUserId, actor.userId), eq(auditLog.action, 'auth.password_change_failed' satisfies AuditAction), gte(auditLog.createdAt, windowStart)));
    if (Number(failures) >= appConfig.loginMaxFailures) return 'locked' as const;
    if (!(await verifyPassword(user.passwordHash, currentPassword))) {
      // Committed although the request fails: that is what limits guessing.
      await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, actorName: actor.name, action: 'auth.password_change_failed', ...targetOf(actor), meta });
      return 'wrong' as const;
    }
    const passwordHash = await hashPassword(newPassword);
    const sessionsEnded = await storePasswordEndingSessions(tx, actor.userId, passwordHash, now(), actor.sessionIdHash);
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, actorName: actor.name, action: 'auth.password_changed', ...targetOf(actor), after: { sessionsEnded }, meta });
    return { sessionsEnded };
  });
  if (outcome === 'locked') {
    throw new DalError('forbidden', `Too many wrong passwords. Try again in ${appConfig.loginWindowMinutes} minutes.`, { currentPassword: 'Too many wrong tries.' });
  }
  if (outcome === 'wrong') throw new DalError('invalid', 'Your current password is not correct.', { currentPassword: 'This is not your current password.' });
  return outcome;
}

/** My open sessions on every device and in every account, this one first. Needs only a session. */
export async function listMySessions(actor: SelfActor): Promise<MySession[]> {
  const rows = await listOpenSessions(actor.userId, now());
  return rows
    .map((row) => ({
      idHash: row.idHash,
      device: describeDevice(row.userAgent),
      ip: row.ip,
      createdAt: row.createdAt.toISOString(),
      lastSeenAt: row.lastSeenAt.toISOString(),
      current: row.idHash === actor.sessionIdHash,
    }))
    .sort((a, b) => Number(b.current) - Number(a.current));
}

/** Ends one of my other sessions. This device is left to Sign out; another person's session is not found. */
export async function revokeMySession(actor: SelfActor, sessionIdHash: string, meta?: RequestMeta): Promise<void> {
  if (sessionIdHash === actor.sessionIdHash) throw new DalError('conflict', 'This is the session you are using. Use Sign out instead.');
  const db = await getDb();
  await db.transaction(async (tx) => {
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: now(), revokedReason: 'revoked' })
      .where(and(eq(sessions.idHash, sessionIdHash), eq(sessions.userId, actor.userId), isNull(sessions.revokedAt)))
      .returning({ idHash: sessions.idHash, userAgent: sessions.userAgent });
    if (ended.length === 0) throw new DalError('not_found', 'That session has already ended.');
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, actorName: actor.name, action: 'auth.session_revoked', ...targetOf(actor), after: { device: describeDevice(ended[0]!.userAgent) }, meta });
  });
}

/** Ends all my sessions except this one, on every device and in every account. */
export async function revokeMyOtherSessions(actor: SelfActor, meta?: RequestMeta): Promise<{ sessionsEnded: number }> {
  const db = await getDb();
  const at = now();
  return db.transaction(async (tx) => {
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: at, revokedReason: 'revoked' })
      .where(and(eq(sessions.userId, actor.userId), ne(sessions.idHash, actor.sessionIdHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, at)))
      .returning({ idHash: sessions.idHash });
    await recordAudit(tx, { accountId: actor.accountId, actorUserId: actor.userId, actorName: actor.name, action: 'auth.other_sessions_revoked', ...targetOf(actor), after: { sessionsEnded: ended.length }, meta });
    return { sessionsEnded: ended.length };
  });
}

export interface MyActivityEntry {
  id: number;
  action: string;
  actorName: string | null;
  /** True when someone else did it (an administrator changing my role, say). */
  byOther: boolean;
  at: string;
  /** Where I acted from; null for what someone else did. */
  ip: string | null;
  device: string | null;
  /** Whom or what it was about, as named when it happened. */
  targetLabel: string | null;
}

const SIGN_IN_ACTIONS: AuditAction[] = ['auth.sign_in', 'auth.sign_in_failed'];

/**
 * Changes I made or that were made to me, in this account (and outside any account), newest first; sign-ins
 * have their own list. Needs only a session: it is their own history.
 */
export async function listMyActivity(actor: Actor, limit = 20): Promise<MyActivityEntry[]> {
  const db = await getDb();
  const rows = await db
    .select({ id: auditLog.id, action: auditLog.action, actorName: auditLog.actorName, actorUserId: auditLog.actorUserId, at: auditLog.createdAt, ip: auditLog.ip, userAgent: auditLog.userAgent, targetLabel: auditLog.targetLabel })
    .from(auditLog)
    .where(
      and(
        or(eq(auditLog.accountId, actor.accountId), isNull(auditLog.accountId)),
        or(eq(auditLog.actorUserId, actor.userId), inArray(auditLog.targetId, [actor.userId, actor.membershipId])),
        notInArray(auditLog.action, SIGN_IN_ACTIONS),
      ),
    )
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
  return rows.map((row) => {
    const byOther = row.actorUserId !== actor.userId;
    return {
      id: row.id,
      action: row.action,
      actorName: row.actorName,
      byOther,
      at: row.at.toISOString(),
      // Where someone else acted from is theirs, not mine to see.
      ip: byOther ? null : row.ip,
      device: !byOther && row.userAgent ? describeDevice(row.userAgent) : null,
      targetLabel: row.targetLabel,
    };
  });
}
