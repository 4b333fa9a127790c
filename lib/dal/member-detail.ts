import 'server-only';
import { and, desc, eq, gt, isNull, ne, or } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { auditLog, memberships, sessions, users } from '@/db/schema';
import { explainPermission, type Explanation } from '@/lib/access/explain';
import { PERMISSION_NAMES } from '@/lib/access/catalogue';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { accessCache } from '@/lib/access/process-cache';
import { hashPassword } from '@/lib/auth/password-hash';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { writeAccessChange } from './access-write';
import { recordAudit } from './audit';
import { DalError } from './errors';
import { assertCredentialsManagedHere, credentialsRefusal, credentialsVerdict } from './credentials';
import { assertMayChange, targetMembership } from './member-target';

export interface MemberDetail {
  membershipId: string;
  userId: string;
  firstName: string;
  lastName: string;
  avatarKey: string | null;
  email: string;
  phone: string | null;
  status: 'active' | 'deactivated' | 'pending';
  loginType: 'local' | 'sso';
  accessExpiresAt: string | null;
  lastSignInAt: string | null;
  createdAt: string;
  hasPassword: boolean;
  /** Null when this account may set their password; otherwise why only the person can. */
  credentialsNote: string | null;
  isSelf: boolean;
  roles: { id: string; name: string; builtinKey: string | null }[];
  overrides: { grants: string[]; denies: string[]; hiddenModules: string[] };
  explanations: Record<string, Explanation>;
  sessions: { idHash: string; createdAt: string; lastSeenAt: string; ip: string | null; userAgent: string | null }[];
  activity: { id: number; action: string; actorName: string | null; at: string; before: unknown; after: unknown }[];
}

/** Everything the user detail page shows about one member of the actor's account. Needs users.manage. */
export async function getMemberDetail(actor: Actor, membershipId: string): Promise<MemberDetail> {
  await requirePermission(actor, 'users.manage');
  const target = await targetMembership(actor, membershipId);
  const db = await getDb();
  const at = now();
  const [[row], sessionRows, activity, cached, credentials] = await Promise.all([
    db
      .select({
        firstName: users.firstName,
        lastName: users.lastName,
        avatarKey: users.avatarKey,
        email: users.email,
        phone: users.phone,
        passwordHash: users.passwordHash,
        status: memberships.status,
        loginType: memberships.loginType,
        accessExpiresAt: memberships.accessExpiresAt,
        lastSignInAt: memberships.lastSignInAt,
        createdAt: memberships.createdAt,
      })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(memberships.id, membershipId)),
    listOpenSessions(target.userId, at, actor.accountId),
    db
      .select({ id: auditLog.id, action: auditLog.action, actorName: auditLog.actorName, at: auditLog.createdAt, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.accountId, actor.accountId), or(eq(auditLog.targetId, membershipId), eq(auditLog.actorUserId, target.userId))))
      .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
      .limit(20),
    accessCache().getAccess(actor.accountId, membershipId),
    credentialsVerdict(db, actor.accountId, target.userId),
  ]);
  const explanations = Object.fromEntries(
    PERMISSION_NAMES.map((name) => [name, explainPermission(cached.account.space, cached.account.roles, cached.account.compiled, cached.member.roleIds, cached.member.overrides, name)]),
  );
  return {
    membershipId,
    userId: target.userId,
    firstName: row!.firstName,
    lastName: row!.lastName,
    avatarKey: row!.avatarKey,
    email: row!.email,
    phone: row!.phone,
    status: row!.status,
    loginType: row!.loginType,
    accessExpiresAt: row!.accessExpiresAt?.toISOString() ?? null,
    lastSignInAt: row!.lastSignInAt?.toISOString() ?? null,
    createdAt: row!.createdAt.toISOString(),
    hasPassword: Boolean(row!.passwordHash),
    credentialsNote: credentials.managedHere ? null : credentialsRefusal(target.label, credentials.reason),
    isSelf: membershipId === actor.membershipId,
    roles: target.roles,
    overrides: { grants: [...cached.member.overrides.grants], denies: [...cached.member.overrides.denies], hiddenModules: [...cached.member.overrides.hiddenModules] },
    explanations,
    sessions: sessionRows.map((session) => ({ ...session, createdAt: session.createdAt.toISOString(), lastSeenAt: session.lastSeenAt.toISOString() })),
    activity: activity.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
  };
}

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

/**
 * Sets another member's password (the Change password widget). Needs users.passwords (Owner by default);
 * refuses a non-Owner acting on an Owner, and a login this account does not own alone (lib/dal/credentials.ts). The password policy is checked by the caller's schema. Every
 * session of that person ends: a password is theirs in every account.
 */
export async function setMemberPassword(actor: Actor, membershipId: string, password: string, meta?: RequestMeta): Promise<{ sessionsEnded: number }> {
  await requirePermission(actor, 'users.passwords');
  const target = await targetMembership(actor, membershipId);
  await assertMayChange(actor, target);
  const passwordHash = await hashPassword(password);
  const db = await getDb();
  const at = now();
  return db.transaction(async (tx) => {
    await assertCredentialsManagedHere(tx, actor.accountId, target.userId, target.label);
    const ended = await storePasswordEndingSessions(tx, target.userId, passwordHash, at);
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: 'member.password_set',
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: target.label,
      after: { sessionsEnded: ended },
      meta,
    });
    return { sessionsEnded: ended };
  });
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
