import 'server-only';
import { and, asc, eq, gt, inArray, isNull, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { accounts, loginAttempts, memberships, userTokens, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { hashSecretToken, newSecretToken } from '@/lib/auth/session-token';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { passwordResetMail, ssoPasswordMail } from '@/lib/mail/password-reset-templates';
import { describeWait, limitReached, recentEntries, type SendLimit } from '@/lib/dal/core/send-limits';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { storePasswordEndingSessions } from './member-sessions';
import { enqueueMail } from '@/lib/dal/ops/mail-outbox';

/** A reset link works once, for this long. */
export const RESET_LINK_MINUTES = 30;
/** Requests for one email within an hour, whoever asks… */
export const RESET_REQUESTS_PER_EMAIL_PER_HOUR = 3;
/** …and from one client address, whatever the emails. */
export const RESET_REQUESTS_PER_ADDRESS_PER_HOUR = 10;

const HOUR_MS = 3_600_000;
const REQUESTED = 'auth.password_reset_requested';
const EMAIL_LIMIT: SendLimit = { windowMs: HOUR_MS, max: RESET_REQUESTS_PER_EMAIL_PER_HOUR, reason: 'A reset link for this email was asked for several times in the last hour.' };
const ADDRESS_LIMIT: SendLimit = { windowMs: HOUR_MS, max: RESET_REQUESTS_PER_ADDRESS_PER_HOUR, reason: 'Too many reset links were asked for from your network in the last hour.' };

export const RESET_LINK_INVALID = 'This reset link is no longer valid. Ask for a new one.';
export const SSO_ONLY = 'Your organisation signs you in to Rolecall (single sign-on), so there is no Rolecall password to reset. Use your organisation’s own password page, or ask its IT administrator.';

interface LoginMembership {
  accountId: string;
  accountName: string;
  loginType: 'local' | 'sso';
}

/** The login's memberships, its home account's first, then by account name. */
async function membershipsOf(tx: Tx, userId: string, homeAccountId: string | null): Promise<LoginMembership[]> {
  const rows = await tx
    .select({ accountId: memberships.accountId, accountName: accounts.name, loginType: memberships.loginType })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(accounts.name));
  return rows.sort((a, b) => Number(b.accountId === homeAccountId) - Number(a.accountId === homeAccountId));
}

/** Whose account an entry about this login belongs to: its one account, or none when it has several (as sign-in). */
const auditAccountOf = (rows: LoginMembership[]) => (rows.length === 1 ? rows[0]!.accountId : null);

/**
 * Refuses (rate_limited) a request past the limits, counted from the audit log: per email typed, and per
 * client address. Both count every request, whether or not the email has a login, so the limits tell nothing
 * about who has one. The caller holds the email's and the address's advisory locks.
 */
async function assertMayRequest(tx: Tx, email: string, ip: string | null, at: Date): Promise<void> {
  const since = new Date(at.getTime() - HOUR_MS);
  const perEmail = await recentEntries(tx, { targetLabel: email }, [REQUESTED], since, RESET_REQUESTS_PER_EMAIL_PER_HOUR);
  const perAddress = ip ? await recentEntries(tx, { ip }, [REQUESTED], since, RESET_REQUESTS_PER_ADDRESS_PER_HOUR) : [];
  const refused =
    limitReached(perEmail.map((entry) => entry.at), [EMAIL_LIMIT], at) ?? limitReached(perAddress.map((entry) => entry.at), [ADDRESS_LIMIT], at);
  if (refused) throw new DalError('rate_limited', `${refused.reason} Try again ${describeWait(refused.waitMs)}.`);
}

/**
 * "Forgot password": public, the email is all it takes. A login with a Rolecall password (a local
 * membership in any account) gets a single-use link (stored hashed, 30 minutes) by mail; a login whose
 * accounts all sign it in through single sign-on gets a mail saying so instead; an unknown email gets
 * nothing. The answer, the work and the audit entry are the same in every case, so the caller learns
 * nothing about the email. Refused (rate_limited, nothing written) past 3 requests an hour per email or
 * 10 per client address.
 */
export async function requestPasswordReset(email: string, links: { origin: string }, meta: RequestMeta): Promise<void> {
  const db = await getDb();
  const at = now();
  // Made on every path, used only when the email has a login: the same work whatever the email.
  const token = newSecretToken();
  const tokenHash = hashSecretToken(token);
  const expiresAt = new Date(at.getTime() + RESET_LINK_MINUTES * 60_000);
  await db.transaction(async (tx) => {
    // Requests for one email, and from one address, take turns: parallel ones cannot slip past the limits.
    // Always the email's lock first, then the address's, so two requests never wait on each other in a circle.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'reset:' + email}))`);
    if (meta.ip) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${'reset-ip:' + meta.ip}))`);
    await assertMayRequest(tx, email, meta.ip, at);
    const [user] = await tx
      .select({ id: users.id, email: users.email, firstName: users.firstName, homeAccountId: users.homeAccountId })
      .from(users)
      .where(eq(sql`lower(${users.email})`, email))
      .limit(1);
    const rows = user ? await membershipsOf(tx, user.id, user.homeAccountId) : [];
    const local = rows.find((row) => row.loginType === 'local');
    const outcome = rows.length === 0 ? 'unknown' : local ? 'link_sent' : 'sso';
    if (user && local) {
      await tx.insert(userTokens).values({ tokenHash, userId: user.id, accountId: local.accountId, purpose: 'password_reset', subject: user.email, expiresAt, createdAt: at });
      await enqueueMail(tx, {
        accountId: local.accountId,
        subjectRef: `password_reset:${user.id}`,
        to: user.email,
        ...passwordResetMail({ firstName: user.firstName, email: user.email, url: `${links.origin}/reset-password/${token}`, expiresAt }),
      });
    } else if (user && rows.length > 0) {
      const sso = rows[0]!;
      await enqueueMail(tx, {
        accountId: sso.accountId,
        subjectRef: `password_reset:${user.id}`,
        to: user.email,
        ...ssoPasswordMail({ firstName: user.firstName, email: user.email, accountName: sso.accountName, loginUrl: `${links.origin}/login` }),
      });
    }
    // Every request is recorded, for an unknown email too: that is what the limits count.
    await recordAudit(tx, {
      accountId: auditAccountOf(rows),
      actorUserId: null,
      actorName: null,
      action: REQUESTED,
      targetType: 'login',
      targetId: outcome === 'unknown' ? null : user!.id,
      targetLabel: email,
      after: { outcome, ...(outcome === 'link_sent' ? { expiresAt: expiresAt.toISOString() } : {}) },
      meta,
    });
  });
}

export type ResetLink = { ok: true; details: { email: string; firstName: string; lastName: string } } | { ok: false; reason: 'unknown' | 'used' | 'expired' | 'sso' };

/** What a reset link is for, or why it cannot be used. Public: the token is the credential. */
export async function lookUpPasswordReset(token: string): Promise<ResetLink> {
  const db = await getDb();
  const [row] = await db
    .select({ userId: users.id, usedAt: userTokens.usedAt, expiresAt: userTokens.expiresAt, email: users.email, firstName: users.firstName, lastName: users.lastName })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(and(eq(userTokens.tokenHash, hashSecretToken(token)), eq(userTokens.purpose, 'password_reset')))
    .limit(1);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= now().getTime()) return { ok: false, reason: 'expired' };
  const [local] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, row.userId), eq(memberships.loginType, 'local')))
    .limit(1);
  if (!local) return { ok: false, reason: 'sso' };
  return { ok: true, details: { email: row.email, firstName: row.firstName, lastName: row.lastName } };
}

/**
 * Sets a new password through a reset link, once: the link is claimed by a guarded UPDATE in the same
 * transaction, so of two tabs submitting at once exactly one succeeds. Every session of the login ends
 * (in every account), every other open reset or activation link of it stops working, and its failed
 * sign-ins no longer lock the email out (the link proved the person holds it). The password policy is
 * checked by the caller's schema. Refuses (not_found) a link unknown, used or expired, and (conflict) a
 * login that has since come to be signed in only through single sign-on.
 */
export async function resetPassword(token: string, password: string, meta: RequestMeta): Promise<{ email: string; sessionsEnded: number }> {
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  const at = now();
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(userTokens)
      .set({ usedAt: at })
      .where(and(eq(userTokens.tokenHash, hashSecretToken(token)), eq(userTokens.purpose, 'password_reset'), isNull(userTokens.usedAt), gt(userTokens.expiresAt, at)))
      .returning({ userId: userTokens.userId });
    if (!claimed) throw new DalError('not_found', RESET_LINK_INVALID);
    // The same row lock an invitation acceptance and an admin's password change take.
    const [user] = await tx
      .select({ id: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName, homeAccountId: users.homeAccountId })
      .from(users)
      .where(eq(users.id, claimed.userId))
      .for('update');
    const rows = await membershipsOf(tx, user!.id, user!.homeAccountId);
    if (!rows.some((row) => row.loginType === 'local')) throw new DalError('conflict', SSO_ONLY);
    const sessionsEnded = await storePasswordEndingSessions(tx, user!.id, passwordHash, at);
    await tx
      .update(userTokens)
      .set({ usedAt: at })
      .where(and(eq(userTokens.userId, user!.id), inArray(userTokens.purpose, ['password_reset', 'activation']), isNull(userTokens.usedAt)));
    // A success clears the email's slate in the sign-in throttle (lib/dal/sessions/sign-in-with-password.ts), as a sign-in does.
    const email = user!.email.toLowerCase();
    await tx.insert(loginAttempts).values({ email, ip: meta.ip, succeeded: true, createdAt: at });
    await recordAudit(tx, {
      accountId: auditAccountOf(rows),
      actorUserId: user!.id,
      actorName: `${user!.firstName} ${user!.lastName}`.trim(),
      action: 'auth.password_reset',
      targetType: 'user',
      targetId: user!.id,
      targetLabel: email,
      after: { sessionsEnded },
      meta,
    });
    return { email: user!.email, sessionsEnded };
  });
}
