import 'server-only';
import { and, count, eq, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { memberships } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import { DalError } from '@/lib/dal/core/errors';

// What the department, team and group writes share: the members check and the refusal translation.

/**
 * Ids as one uuid[] parameter rather than one parameter each (10,000 members would be 10,000 parameters,
 * or 30,000 in an INSERT's rows), which both drivers and the server take much faster. An id that is not a
 * uuid fails the cast.
 */
export const idArray = (ids: readonly string[]) => sql`${`{${ids.join(',')}}`}::uuid[]`;

export const notMembers = () => new DalError('not_found', 'Some of these people are not members of this account. Nothing was changed.');

/** Refuses (not found, nothing written) unless every id is a member of the actor's account. */
export async function requireMembersOf(tx: Tx, actor: Actor, membershipIds: readonly string[]): Promise<void> {
  const [{ found } = { found: 0 }] = await tx
    .select({ found: count() })
    .from(memberships)
    .where(and(eq(memberships.accountId, actor.accountId), sql`${memberships.id} = any(${idArray(membershipIds)})`));
  if (found !== membershipIds.length) throw notMembers();
}

/**
 * Runs a write in one transaction; a refusal the database makes (a constraint) comes back in the form's
 * words through `explain`, which rethrows what it does not know. The write's own refusals pass as they are.
 */
export async function writeExplained<T>(explain: (error: unknown) => never, write: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  try {
    return await db.transaction(write);
  } catch (error) {
    if (error instanceof DalError) throw error;
    return explain(error);
  }
}
