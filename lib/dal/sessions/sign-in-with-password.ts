import 'server-only';
import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { accounts, loginAttempts, memberships, sessions, users } from '@/db/schema';
import { hashSessionId, newSessionId } from '@/lib/auth/session-token';
import { verifyPassword } from '@/lib/auth/password-hash';
import { now } from '@/lib/clock';
import { appConfig } from '@/lib/config';
import type { RequestMeta } from '@/lib/http/client';
import { recordAudit } from '@/lib/dal/core/record-audit';

export type SignInRefusal = 'invalid' | 'locked' | 'deactivated' | 'access_expired' | 'pending' | 'no_account';

export type SignInResult =
  | { ok: true; userId: string; sessionId: string; accountId: string | null }
  | { ok: false; code: SignInRefusal; retryAfterSeconds?: number };

/** Why a membership cannot be used now, or null when it can. */
export function membershipRefusal(
  membership: { status: 'active' | 'deactivated' | 'pending'; accessExpiresAt: Date | null },
  at: Date,
): 'deactivated' | 'access_expired' | 'pending' | null {
  if (membership.status === 'deactivated') return 'deactivated';
  if (membership.status === 'pending') return 'pending';
  if (membership.accessExpiresAt && membership.accessExpiresAt.getTime() <= at.getTime()) return 'access_expired';
  return null;
}

/**
 * Seconds until this email or address may try again, or 0. Failures count within the window; for an email
 * only those since its last success (a success clears the slate), for an address all of them.
 */
async function lockedForSeconds(tx: Tx, email: string, ip: string | null, at: Date): Promise<number> {
  const windowMs = appConfig.loginWindowMinutes * 60_000;
  const since = new Date(at.getTime() - windowMs);
  const max = appConfig.loginMaxFailures;
  const [lastSuccess] = await tx
    .select({ createdAt: loginAttempts.createdAt })
    .from(loginAttempts)
    .where(and(eq(loginAttempts.email, email), eq(loginAttempts.succeeded, true), gt(loginAttempts.createdAt, since)))
    .orderBy(desc(loginAttempts.createdAt))
    .limit(1);
  const emailSince = lastSuccess && lastSuccess.createdAt > since ? lastSuccess.createdAt : since;
  const waits = await Promise.all([
    failureWait(tx, eq(loginAttempts.email, email), emailSince, windowMs, max, at),
    ip ? failureWait(tx, eq(loginAttempts.ip, ip), since, windowMs, max, at) : 0,
  ]);
  return Math.max(...waits);
}

async function failureWait(
  tx: Tx,
  who: ReturnType<typeof eq>,
  since: Date,
  windowMs: number,
  max: number,
  at: Date,
): Promise<number> {
  // The max-th most recent failure: once it leaves the window, fewer than `max` remain.
  const recent = await tx
    .select({ createdAt: loginAttempts.createdAt })
    .from(loginAttempts)
    .where(and(who, eq(loginAttempts.succeeded, false), gt(loginAttempts.createdAt, since)))
    .orderBy(desc(loginAttempts.createdAt))
    .limit(max);
  if (recent.length < max) return 0;
  const oldest = recent[recent.length - 1]!.createdAt.getTime();
  return Math.max(1, Math.ceil((oldest + windowMs - at.getTime()) / 1000));
}

/**
 * Checks an email and password and opens a session. Refuses, with the same answer and the same work for an
 * unknown email and a wrong password, and refuses while the email or address is locked out. Records the
 * attempt and its audit entry in one transaction with the session it opens.
 */
export async function signInWithPassword(
  input: { email: string; password: string },
  meta: RequestMeta,
): Promise<SignInResult> {
  const db = await getDb();
  const email = input.email.trim().toLowerCase();
  const at = now();
  return db.transaction(async (tx) => {
    // Attempts on one email take turns, so parallel guesses cannot slip past the limit.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'login:' + email}))`);
    const waitSeconds = await lockedForSeconds(tx, email, meta.ip, at);
    const [user] = await tx
      .select({ id: users.id, passwordHash: users.passwordHash, firstName: users.firstName, lastName: users.lastName })
      .from(users)
      .where(eq(sql`lower(${users.email})`, email))
      .limit(1);
    const actorName = user ? `${user.firstName} ${user.lastName}`.trim() : null;

    if (waitSeconds > 0) {
      await recordAudit(tx, {
        actorUserId: user?.id ?? null,
        actorName,
        action: 'auth.sign_in_failed',
        targetType: 'login',
        targetLabel: email,
        after: { reason: 'locked', retryAfterSeconds: waitSeconds },
        meta,
      });
      return { ok: false, code: 'locked', retryAfterSeconds: waitSeconds };
    }

    const passwordOk = await verifyPassword(user?.passwordHash, input.password);
    if (!user || !passwordOk) {
      await tx.insert(loginAttempts).values({ email, ip: meta.ip, succeeded: false, createdAt: at });
      await recordAudit(tx, {
        actorUserId: user?.id ?? null,
        actorName,
        action: 'auth.sign_in_failed',
        targetType: 'login',
        targetLabel: email,
        after: { reason: 'invalid_credentials' },
        meta,
      });
      return { ok: false, code: 'invalid' };
    }

    const rows = await tx
      .select({
        accountId: memberships.accountId,
        membershipId: memberships.id,
        status: memberships.status,
        accessExpiresAt: memberships.accessExpiresAt,
      })
      .from(memberships)
      .innerJoin(accounts, eq(accounts.id, memberships.accountId))
      .where(eq(memberships.userId, user.id))
      .orderBy(asc(accounts.name));
    const usable = rows.filter((row) => membershipRefusal(row, at) === null);
    if (usable.length === 0) {
      const reasons = rows.map((row) => membershipRefusal(row, at));
      const code: SignInRefusal = reasons.includes('pending')
        ? 'pending'
        : reasons.includes('access_expired')
          ? 'access_expired'
          : reasons.includes('deactivated')
            ? 'deactivated'
            : 'no_account';
      // The password was right, so this is not a guess: it does not count towards the lock-out.
      await recordAudit(tx, {
        accountId: rows.length === 1 ? rows[0]!.accountId : null,
        actorUserId: user.id,
        actorName,
        action: 'auth.sign_in_failed',
        targetType: 'login',
        targetLabel: email,
        after: { reason: code },
        meta,
      });
      return { ok: false, code };
    }

    const sessionId = newSessionId();
    const accountId = usable.length === 1 ? usable[0]!.accountId : null;
    await tx.insert(sessions).values({
      idHash: hashSessionId(sessionId),
      userId: user.id,
      accountId,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: new Date(at.getTime() + appConfig.sessionTtlHours * 3_600_000),
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    if (accountId) {
      await tx.update(memberships).set({ lastSignInAt: at }).where(eq(memberships.id, usable[0]!.membershipId));
    }
    await tx.insert(loginAttempts).values({ email, ip: meta.ip, succeeded: true, createdAt: at });
    await recordAudit(tx, {
      accountId,
      actorUserId: user.id,
      actorName,
      action: 'auth.sign_in',
      targetType: 'session',
      after: { accounts: usable.length },
      meta,
    });
    return { ok: true, userId: user.id, sessionId, accountId };
  });
}
