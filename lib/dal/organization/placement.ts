import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { departmentMembers, departments, groupMembers, groupRoles, groups, teamMembers, teams, type InvitationPlacement } from '@/db/schema';
import { DalError } from '@/lib/dal/core/errors';

export const NO_PLACEMENT: InvitationPlacement = { departmentIds: [], teamId: null, groupIds: [] };

/**
 * Refuses (invalid, a message per field, nothing written) departments or a team that are not the account's,
 * and returns their names for the audit entry.
 */
export async function checkPlacement(tx: Tx, accountId: string, placement: InvitationPlacement): Promise<{ departments: string[]; team: string | null; groups: string[]; groupRoleIds: string[] }> {
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
  const groupIds = placement.groupIds ?? [];
  const foundGroups = groupIds.length
    ? await tx.select({ id: groups.id, name: groups.name }).from(groups).where(and(eq(groups.accountId, accountId), inArray(groups.id, groupIds)))
    : [];
  if (foundGroups.length !== groupIds.length) throw new DalError('invalid', 'Pick groups of this account.', { groupIds: 'One of these groups does not exist (any more).' });
  // The roles the groups carry: the caller checks them against the actor's own access, as it checks the role.
  const carried = groupIds.length ? await tx.select({ roleId: groupRoles.roleId }).from(groupRoles).where(and(eq(groupRoles.accountId, accountId), inArray(groupRoles.groupId, groupIds))) : [];
  // In the order they were picked (the database answers in any order).
  const nameOf = new Map([...found, ...foundGroups].map((row) => [row.id, row.name]));
  return { departments: placement.departmentIds.map((id) => nameOf.get(id)!), team, groups: groupIds.map((id) => nameOf.get(id)!), groupRoleIds: [...new Set(carried.map((row) => row.roleId))] };
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
  const groupIds = placement.groupIds ?? [];
  if (groupIds.length > 0) {
    // The caller's write is an access change for this membership (writeAccessChange announces it).
    const still = await tx.select({ id: groups.id }).from(groups).where(and(eq(groups.accountId, accountId), inArray(groups.id, groupIds)));
    if (still.length > 0) await tx.insert(groupMembers).values(still.map((group) => ({ groupId: group.id, membershipId, accountId }))).onConflictDoNothing();
  }
}
