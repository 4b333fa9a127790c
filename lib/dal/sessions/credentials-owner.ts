import 'server-only';
import { and, eq, ne } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { memberships, users } from '@/db/schema';
import { DalError } from '@/lib/dal/core/errors';

/*
 * A login belongs to its person. An account may manage a login's credentials (set its password, hand out
 * a link that sets one, later its second factors) only while that login was created by the account
 * (`users.home_account_id`) and belongs to no other account. Once the person also belongs elsewhere, only
 * they can change their credentials; the account can still end their sessions here, deactivate or remove
 * them.
 */

export type CredentialsVerdict = { managedHere: true } | { managedHere: false; reason: 'other_account' | 'not_created_here' };

/** Whether `accountId` may manage `userId`'s credentials. With `lock`, holds the login's row until the transaction ends. */
export async function credentialsVerdict(db: Db | Tx, accountId: string, userId: string, options: { lock?: boolean } = {}): Promise<CredentialsVerdict> {
  const query = db.select({ homeAccountId: users.homeAccountId }).from(users).where(eq(users.id, userId)).limit(1);
  // The lock serializes this check with an invitation being accepted into another account (which locks
  // the same row), so a credential is never changed by an account the person has just joined another beside.
  const [user] = options.lock ? await query.for('update') : await query;
  if (!user || user.homeAccountId !== accountId) return { managedHere: false, reason: 'not_created_here' };
  const [elsewhere] = await db
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), ne(memberships.accountId, accountId)))
    .limit(1);
  return elsewhere ? { managedHere: false, reason: 'other_account' } : { managedHere: true };
}

/** The words the user page and a refusal use for a login this account may not manage. */
export function credentialsRefusal(name: string, reason: 'other_account' | 'not_created_here'): string {
  return reason === 'other_account'
    ? `${name} also belongs to another account, so only they can change their password. You can still end their sessions here, deactivate or remove them.`
    : `${name}’s login was not created by this account, so only they can change their password. You can still end their sessions here, deactivate or remove them.`;
}

/** Refuses (forbidden) unless `accountId` may manage the login's credentials; locks the login's row. Call inside the writing transaction. */
export async function assertCredentialsManagedHere(tx: Tx, accountId: string, userId: string, name: string): Promise<void> {
  const verdict = await credentialsVerdict(tx, accountId, userId, { lock: true });
  if (!verdict.managedHere) throw new DalError('forbidden', credentialsRefusal(name, verdict.reason));
}
