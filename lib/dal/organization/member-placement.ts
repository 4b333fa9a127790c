import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { departmentMembers, departments, memberships, teamMembers, teams } from '@/db/schema';
import { requireAnyPermission, type Actor } from '@/lib/access/checks';
import { DalError } from '@/lib/dal/core/errors';

/** Where a member sits in the organization: their departments and teams (the primary one marked). */
export interface MemberPlacement {
  departments: { id: string; name: string }[];
  teams: { id: string; name: string; isPrimary: boolean }[];
}

/** A member's departments and teams (groups.manage or users.manage); another account's member is not found. */
export async function getMemberPlacement(actor: Actor, membershipId: string): Promise<MemberPlacement> {
  await requireAnyPermission(actor, ['groups.manage', 'users.manage']);
  const db = await getDb();
  const [member] = await db.select({ id: memberships.id }).from(memberships).where(and(eq(memberships.id, membershipId), eq(memberships.accountId, actor.accountId)));
  if (!member) throw new DalError('not_found', 'That person is not a member of this account.');
  const [departmentRows, teamRows] = await Promise.all([
    db
      .select({ id: departments.id, name: departments.name })
      .from(departmentMembers)
      .innerJoin(departments, eq(departments.id, departmentMembers.departmentId))
      .where(eq(departmentMembers.membershipId, membershipId))
      .orderBy(asc(sql`lower(${departments.name})`)),
    db
      .select({ id: teams.id, name: teams.name, isPrimary: teamMembers.isPrimary })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(eq(teamMembers.membershipId, membershipId))
      .orderBy(asc(sql`lower(${teams.name})`)),
  ]);
  return { departments: departmentRows, teams: teamRows };
}
