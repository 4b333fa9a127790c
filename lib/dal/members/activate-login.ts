import 'server-only';
import { hashSecretToken } from '@/lib/auth/session-token';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { accounts, userTokens, users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password-hash';
import { now } from '@/lib/clock';
import type { RequestMeta } from '@/lib/http/client';
import { recordAudit } from '@/lib/dal/core/record-audit';
import { credentialsVerdict } from '@/lib/dal/sessions/credentials-owner';
import { DalError } from '@/lib/dal/core/errors';

export interface ActivationDetails {
  email: string;
  firstName: string;
  accountName: string;
}

/** What an activation link is for, or why it cannot be used. Public: the token is the credential. */
export async function lookUpActivation(token: string): Promise<{ ok: true; details: ActivationDetails } | { ok: false; reason: 'unknown' | 'used' | 'expired' }> {
  const db = await getDb();
  const [row] = await db
    .select({ usedAt: userTokens.usedAt, expiresAt: userTokens.expiresAt, email: users.email, firstName: users.firstName, accountName: accounts.name })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .innerJoin(accounts, eq(accounts.id, userTokens.accountId))
    .where(and(eq(userTokens.tokenHash, hashSecretToken(token)), eq(userTokens.purpose, 'activation')))
    .limit(1);
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.usedAt) return { ok: false, reason: 'used' };
  if (row.expiresAt.getTime() <= now().getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, details: { email: row.email, firstName: row.firstName, accountName: row.accountName } };
}

/**
 * Sets the person's first password through their activation link, once: the token is marked used in the
 * same transaction, so two submissions at once cannot both succeed.
 */
export async function activateLogin(token: string, password: string, meta?: RequestMeta): Promise<{ email: string }> {
  const db = await getDb();
  const passwordHash = await hashPassword(password);
  const at = now();
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(userTokens)
      .set({ usedAt: at })
      .where(and(eq(userTokens.tokenHash, hashSecretToken(token)), eq(userTokens.purpose, 'activation'), isNull(userTokens.usedAt), gt(userTokens.expiresAt, at)))
      .returning({ userId: userTokens.userId, accountId: userTokens.accountId });
    if (!claimed) throw new DalError('not_found', 'This activation link is no longer valid. Ask your administrator for a new one.');
    // The link was the account's to give only while the login was its own alone; if that changed since, it no longer sets a password.
    const verdict = await credentialsVerdict(tx, claimed.accountId, claimed.userId, { lock: true });
    if (!verdict.managedHere) throw new DalError('not_found', 'This activation link is no longer valid. Sign in with your existing password instead.');
    const [user] = await tx.update(users).set({ passwordHash, updatedAt: at }).where(eq(users.id, claimed.userId)).returning({ email: users.email, firstName: users.firstName, lastName: users.lastName });
    await recordAudit(tx, {
      accountId: claimed.accountId,
      actorUserId: claimed.userId,
      actorName: `${user!.firstName} ${user!.lastName}`.trim(),
      action: 'user.activated',
      targetType: 'user',
      targetId: claimed.userId,
      meta,
    });
    return { email: user!.email };
  });
}
