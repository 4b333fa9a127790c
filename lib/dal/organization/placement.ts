import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { departmentMembers, departments, teamMembers, teams, type InvitationPlacement } from '@/db/schema';
import { DalError } from '@/lib/dal/core/errors';

export const NO_PLACEMENT: InvitationPlacement = { departmentIds: [], teamId: null };

/**
 * Refuses (invalid, a message per field, nothing written) departments or a team that are not the account's,
 * and returns their names for the audit entry.
 */
export async function checkPlacement(tx: Tx, accountId: string, placement: InvitationPlacement): Promise<{ departments: string[]; team: string | null }> {
  const found = placement.departmentIds.length
    ? await tx.select({ id: departments.id, name: departments.name }).from(departments).where(and(eq(departments.accountId, accountId), inArray(departments.id, placement.departmentIds)))
    : [];
  if (found.length !== placement.departmentIds.length) {
    throw new DalError('invalid', 'Pick departments of this account.', { departmentIds: 'One of these departments does not exist (any more).' });
  }
  let team: string | null = null;
  if (placement.teamId) {
    const [row] = await tx.select({ name: teams.name }).from(teams).where(and(eq(teams.accountId, accountId), eq(teams.id, placement.teamId)));
    if (!row) throw new DalError('invalid', 'Pick a team of this account.', { teamId: 'That team does not exist (any more).' });
    team = row.name;
  }
  // In the order they were picked (the database answers in any order).
  const nameOf = new Map(found.map((row) => [row.id, row.name]));
  return { departments: placement.departmentIds.map((id) => nameOf.get(id)!), team };
}

/**
 * Places a new membership: into the departments, and into the team as their primary team. Only what
 * still exists in the account is applied (an invitation may be accepted after a department was deleted).
 */
export async function applyPlacement(tx: Tx, accountId: string, membershipId: string, placement: InvitationPlacement): Promise<void> {
  if (placement.departmentIds.length > 0) {
    await tx
      .insert(departmentMembers)
      .select(
        tx
          .select({ departmentId: departments.id, membershipId: sql<string>`${membershipId}::uuid`.as('membership_id'), accountId: departments.accountId, createdAt: sql<Date>`now()`.as('created_at') })
          .from(departments)
          .where(and(eq(departments.accountId, accountId), inArray(departments.id, placement.departmentIds))),
      )
      .onConflictDoNothing();
  }
  if (placement.teamId) {
    const [team] = await tx.select({ id: teams.id }).from(teams).where(and(eq(teams.accountId, accountId), eq(teams.id, placement.teamId)));
    if (team) await tx.insert(teamMembers).values({ teamId: team.id, membershipId, accountId, isPrimary: true }).onConflictDoNothing();
  }
}
