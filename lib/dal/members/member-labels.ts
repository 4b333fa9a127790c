import 'server-only';
import { and, eq, inArray } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { memberships, users } from '@/db/schema';

/**
 * How a bulk result names each of these members of the account: their name, told apart by the email where
 * two selected share one ("Barbara Allen (b.allen@…)"), or the email when they have no name. Ids that are
 * not members of the account are absent.
 */
export async function memberLabels(accountId: string, membershipIds: readonly string[]): Promise<Map<string, { label: string; accessExpiresAt: Date | null }>> {
  const db = await getDb();
  const rows = await db
    .select({ id: memberships.id, firstName: users.firstName, lastName: users.lastName, email: users.email, accessExpiresAt: memberships.accessExpiresAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.accountId, accountId), inArray(memberships.id, [...membershipIds])));
  const nameOf = (row: (typeof rows)[number]) => `${row.firstName} ${row.lastName}`.trim();
  const seen = new Map<string, number>();
  for (const row of rows) seen.set(nameOf(row), (seen.get(nameOf(row)) ?? 0) + 1);
  return new Map(
    rows.map((row) => {
      const name = nameOf(row);
      return [row.id, { label: !name ? row.email : seen.get(name)! > 1 ? `${name} (${row.email})` : name, accessExpiresAt: row.accessExpiresAt }];
    }),
  );
}
