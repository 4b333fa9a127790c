import 'server-only';
import { and, asc, count, eq, isNull } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { groupRoles, groups, invitations, membershipRoles, memberships, roles, users } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { type Reader } from '@/lib/dal/access/load-access';
import { roleNotFound } from './change-role-graph';
import { type RoleUsage } from '@/lib/types/roles';

const SAMPLE = 5;

/** Whether the role has members or open invitations: then it needs a role for them to move to. */
export const movesHolders = (usage: RoleUsage) => usage.memberCount > 0 || usage.invitationCount > 0;

export const fullName = (row: { firstName: string; lastName: string; email: string }) => `${row.firstName} ${row.lastName}`.trim() || row.email;

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Who holds a role of the actor's account and which roles are based on it. Needs roles.manage. */
export async function getRoleUsage(actor: Actor, roleId: string): Promise<RoleUsage> {
  await requirePermission(actor, 'roles.manage');
  return readUsage(await getDb(), actor.accountId, roleId);
}

export async function readUsage(db: Reader, accountId: string, roleId: string): Promise<RoleUsage> {
  const [row] = await db
    .select({ name: roles.name, builtinKey: roles.builtinKey, baseRoleId: roles.baseRoleId })
    .from(roles)
    .where(and(eq(roles.id, roleId), eq(roles.accountId, accountId)))
    .limit(1);
  if (!row) throw roleNotFound();
  const [dependents, [holders], sample, [invited], carriers] = await Promise.all([
    db.select({ id: roles.id, name: roles.name }).from(roles).where(eq(roles.baseRoleId, roleId)).orderBy(asc(roles.name)),
    db.select({ members: count() }).from(membershipRoles).where(eq(membershipRoles.roleId, roleId)),
    db
      .select({ membershipId: memberships.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
      .from(membershipRoles)
      .innerJoin(memberships, eq(memberships.id, membershipRoles.membershipId))
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(membershipRoles.roleId, roleId))
      .orderBy(asc(users.lastName), asc(users.firstName), asc(memberships.id))
      .limit(SAMPLE),
    db
      .select({ open: count() })
      .from(invitations)
      .where(and(eq(invitations.roleId, roleId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt))),
    db.select({ id: groups.id, name: groups.name }).from(groupRoles).innerJoin(groups, eq(groups.id, groupRoles.groupId)).where(eq(groupRoles.roleId, roleId)).orderBy(asc(groups.name), asc(groups.id)),
  ]);
  return {
    roleId,
    name: row.name,
    builtin: row.builtinKey !== null,
    memberCount: Number(holders?.members ?? 0),
    members: sample.map((member) => ({ membershipId: member.membershipId, name: fullName(member) })),
    invitationCount: Number(invited?.open ?? 0),
    dependents,
    groups: carriers,
    baseRoleId: row.baseRoleId,
  };
}

/** "3 members hold it (Ann Lee, Bo Chan and 1 more); 1 open invitation offers it; “Closer” is based on it". */
export function describeUsage(usage: RoleUsage): string {
  const names = usage.members.map((member) => member.name);
  const more = usage.memberCount - names.length;
  const who = names.length > 0 ? ` (${more > 0 ? `${names.join(', ')} and ${more} more` : names.join(', ')})` : '';
  return [
    usage.memberCount > 0 ? `${plural(usage.memberCount, 'member holds', 'members hold')} it${who}` : null,
    usage.invitationCount > 0 ? `${plural(usage.invitationCount, 'open invitation offers', 'open invitations offer')} it` : null,
    usage.dependents.length > 0
      ? `${usage.dependents.map((dependent) => `“${dependent.name}”`).join(', ')} ${usage.dependents.length === 1 ? 'is' : 'are'} based on it`
      : null,
    usage.groups.length > 0 ? `the ${usage.groups.length === 1 ? 'group' : 'groups'} ${usage.groups.map((group) => `“${group.name}”`).join(', ')} ${usage.groups.length === 1 ? 'carries' : 'carry'} it` : null,
  ]
    .filter((part): part is string => part !== null)
    .join('; ');
}
