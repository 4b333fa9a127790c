import 'server-only';
import { and, asc, eq, gt, isNull, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, membershipRoles, memberships, roles, sessions, users } from '@/db/schema';
import type { SessionEnd, SessionResolution } from '@/lib/auth/session-context';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { membershipRefusal } from './sign-in-with-password';
import { type UsableMembership } from '@/lib/types/sessions';

// Writing last-seen on every request would turn every read into a write; once a minute is plenty.
const LAST_SEEN_RESOLUTION_MS = 60_000;

const END_REASONS = new Set<string>([
  'signed_out',
  'signed_out_everywhere',
  'session_expired',
  'deactivated',
  'access_expired',
  'pending',
  'removed',
  'password_changed',
]);

/**
 * Turns a session id from the cookie into who is signed in, checking the registry row, the person's
 * membership in the session's account and its expiry on every call. A membership that can no longer be
 * used ends the session there and then, so it stays ended even if the membership comes back.
 */
export async function resolveSession(sessionIdHash: string): Promise<SessionResolution> {
  const db = await getDb();
  const at = now();
  const [row] = await db
    .select({
      session: {
        accountId: sessions.accountId,
        expiresAt: sessions.expiresAt,
        revokedAt: sessions.revokedAt,
        revokedReason: sessions.revokedReason,
        lastSeenAt: sessions.lastSeenAt,
      },
      user: { id: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName, avatarKey: users.avatarKey },
      membership: {
        id: memberships.id,
        status: memberships.status,
        accessExpiresAt: memberships.accessExpiresAt,
      },
      accountName: accounts.name,
      // The membership's roles come in the same round trip: this runs on every request.
      roles: sql<{ id: string; name: string }[]>`coalesce((
        select json_agg(json_build_object('id', ${roles.id}, 'name', ${roles.name}) order by ${roles.name}, ${roles.id})
        from ${membershipRoles} join ${roles} on ${roles.id} = ${membershipRoles.roleId}
        where ${membershipRoles.membershipId} = ${memberships.id}), '[]'::json)`.mapWith((value) => parseJson<{ id: string; name: string }[]>(value)),
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(memberships, and(eq(memberships.accountId, sessions.accountId), eq(memberships.userId, sessions.userId)))
    .leftJoin(accounts, eq(accounts.id, sessions.accountId))
    .where(eq(sessions.idHash, sessionIdHash))
    .limit(1);

  if (!row) return { ok: false, reason: 'revoked' };
  if (row.session.revokedAt) {
    const reason = row.session.revokedReason ?? 'revoked';
    return { ok: false, reason: (END_REASONS.has(reason) ? reason : 'revoked') as SessionEnd };
  }
  if (row.session.expiresAt.getTime() <= at.getTime()) return { ok: false, reason: 'session_expired' };

  let membership = null;
  if (row.session.accountId) {
    const refusal = row.membership ? membershipRefusal(row.membership, at) : 'removed';
    if (refusal) {
      await db
        .update(sessions)
        .set({ revokedAt: at, revokedReason: refusal })
        .where(and(eq(sessions.idHash, sessionIdHash), isNull(sessions.revokedAt)));
      return { ok: false, reason: refusal };
    }
    const roleRows = row.roles;
    membership = {
      id: row.membership!.id,
      accountId: row.session.accountId,
      accountName: row.accountName ?? '',
      roleIds: roleRows.map((role) => role.id),
      roleNames: roleRows.map((role) => role.name),
      accessExpiresAt: row.membership!.accessExpiresAt?.toISOString() ?? null,
    };
  }

  if (at.getTime() - row.session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.update(sessions).set({ lastSeenAt: at }).where(eq(sessions.idHash, sessionIdHash));
  }
  return { ok: true, context: { sessionIdHash, user: row.user, membership } };
}

/** A json value as the driver hands it over: postgres.js gives the text, PGlite the parsed value. */
function parseJson<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

/** The accounts a person may enter right now (active, not expired), by name. Their own data only. */
export async function listUsableMemberships(userId: string): Promise<UsableMembership[]> {
  const db = await getDb();
  const at = now();
  const rows = await db
    .select({
      accountId: memberships.accountId,
      accountName: accounts.name,
      status: memberships.status,
      accessExpiresAt: memberships.accessExpiresAt,
      roleName: roles.name,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .leftJoin(membershipRoles, eq(membershipRoles.membershipId, memberships.id))
    .leftJoin(roles, eq(roles.id, membershipRoles.roleId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(accounts.name), asc(roles.name));
  const byAccount = new Map<string, UsableMembership>();
  for (const row of rows) {
    if (membershipRefusal(row, at)) continue;
    const entry = byAccount.get(row.accountId) ?? { accountId: row.accountId, accountName: row.accountName, roleNames: [] };
    if (row.roleName) entry.roleNames.push(row.roleName);
    byAccount.set(row.accountId, entry);
  }
  return [...byAccount.values()];
}

interface SessionActor {
  sessionIdHash: string;
  user: { id: string; firstName: string; lastName: string };
  accountId: string | null;
}

const actorName = (actor: SessionActor) => `${actor.user.firstName} ${actor.user.lastName}`.trim();

/** Ends the acting session (sign out). Only ever the caller's own session. */
export async function endSession(actor: SessionActor, meta: RequestMeta): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx
      .update(sessions)
      .set({ revokedAt: now(), revokedReason: 'signed_out' })
      .where(and(eq(sessions.idHash, actor.sessionIdHash), eq(sessions.userId, actor.user.id), isNull(sessions.revokedAt)));
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.user.id,
      actorName: actorName(actor),
      action: 'auth.sign_out',
      targetType: 'session',
      meta,
    });
  });
}

/** Ends every session of the acting person, on every device and in every account. */
export async function endAllSessions(actor: SessionActor, meta: RequestMeta): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const ended = await tx
      .update(sessions)
      .set({ revokedAt: now(), revokedReason: 'signed_out_everywhere' })
      .where(and(eq(sessions.userId, actor.user.id), isNull(sessions.revokedAt), gt(sessions.expiresAt, now())))
      .returning({ idHash: sessions.idHash });
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.user.id,
      actorName: actorName(actor),
      action: 'auth.sign_out_everywhere',
      targetType: 'user',
      targetId: actor.user.id,
      after: { sessionsEnded: ended.length },
      meta,
    });
    return ended.length;
  });
}

/**
 * Moves the acting session into another of the person's accounts. Refuses (not found) an account they are
 * not a usable member of, whatever the reason, so it reveals nothing about other accounts.
 */
export async function switchAccount(actor: SessionActor, accountId: string, meta: RequestMeta): Promise<void> {
  const db = await getDb();
  const at = now();
  await db.transaction(async (tx) => {
    const [target] = await tx
      .select({
        membershipId: memberships.id,
        status: memberships.status,
        accessExpiresAt: memberships.accessExpiresAt,
        accountName: accounts.name,
      })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(and(eq(memberships.userId, actor.user.id), eq(memberships.accountId, accountId)))
      .limit(1);
    if (!target || membershipRefusal(target, at)) {
      throw new DalError('not_found', 'You cannot enter that account.');
    }
    const updated = await tx
      .update(sessions)
      .set({ accountId })
      .where(and(eq(sessions.idHash, actor.sessionIdHash), eq(sessions.userId, actor.user.id), isNull(sessions.revokedAt)))
      .returning({ idHash: sessions.idHash });
    if (updated.length === 0) throw new DalError('not_found', 'Your session has ended. Sign in again.');
    await tx.update(memberships).set({ lastSignInAt: at }).where(eq(memberships.id, target.membershipId));
    await recordAudit(tx, {
      accountId,
      actorUserId: actor.user.id,
      actorName: actorName(actor),
      action: 'session.account_switched',
      targetType: 'account',
      targetId: accountId,
      targetLabel: target.accountName,
      before: { accountId: actor.accountId },
      after: { accountId },
      meta,
    });
  });
}

/** True while the session row is open; next-auth's own endpoints use it to drop dead cookies. */
export async function isSessionOpen(sessionIdHash: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db
    .select({ idHash: sessions.idHash })
    .from(sessions)
    .where(and(eq(sessions.idHash, sessionIdHash), isNull(sessions.revokedAt), gt(sessions.expiresAt, now())))
    .limit(1);
  return Boolean(row);
}

