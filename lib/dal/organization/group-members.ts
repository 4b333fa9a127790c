import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { type Tx } from '@/db/client';
import { groupMembers, memberships } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import type { RequestMeta } from '@/lib/http/client';
import { loadAccountRoles } from '@/lib/dal/access/load-access';
import { membersChanged, writeAccessChange } from '@/lib/dal/access/write-access-change';
import { idArray, requireMembersOf } from './organization-writes';
import { lockRoleGraph } from '@/lib/dal/roles/change-role-graph';
import { assertWithinActor, explainGroupRefusal, grantedByRoles, lockGroup, type LockedGroup } from './group-access';

// A group's members hold its roles: adding or removing one changes their access, so both go through
// writeAccessChange (one transaction, one audit entry, the members' cached access dropped in every process).

/** The group, locked for a change of its members, once the actor is known to hold everything its roles grant. */
async function lockGroupWithin(tx: Tx, actor: Actor, groupId: string, actorAccess: Awaited<ReturnType<typeof requirePermission>>, what: (group: LockedGroup) => string): Promise<LockedGroup> {
  await lockRoleGraph(tx, actor.accountId);
  const group = await lockGroup(tx, actor, groupId, 'share');
  if (group.roles.length > 0) {
    const granted = grantedByRoles(await loadAccountRoles(actor.accountId, tx), group.roles.map((role) => role.id));
    assertWithinActor(actorAccess, granted, what(group));
  }
  return group;
}

/**
 * Adds members to a group (groups.manage), all or none: every id must be a member of this account (else
 * not found, nothing written), and the actor must hold everything the group's roles grant, since each new
 * member gains it. Members already in it stay as they are. Returns how many joined.
 */
export async function addGroupMembers(actor: Actor, groupId: string, membershipIds: string[], meta?: RequestMeta): Promise<{ added: number }> {
  const actorAccess = await requirePermission(actor, 'groups.manage');
  const ids = [...new Set(membershipIds)];
  if (ids.length === 0) return { added: 0 };
  try {
    const added = await writeAccessChange(
      actor,
      (result: { ids: string[]; carriesRoles: boolean }) => (result.carriesRoles ? membersChanged(actor.accountId, result.ids) : null),
      async ({ tx, audit }) => {
        const group = await lockGroupWithin(tx, actor, groupId, actorAccess, (g) => `You cannot add people to “${g.name}”: its roles give more than you hold yourself.`);
        await requireMembersOf(tx, actor, ids);
        const rows = await tx
          .insert(groupMembers)
          .select(
            tx
              // Every column, in the table's order: drizzle's INSERT … SELECT asks for that.
              .select({ groupId: sql<string>`${groupId}::uuid`.as('group_id'), membershipId: memberships.id, accountId: memberships.accountId, createdAt: sql<Date>`now()`.as('created_at') })
              .from(memberships)
              .where(and(eq(memberships.accountId, actor.accountId), sql`${memberships.id} = any(${idArray(ids)})`)),
          )
          .onConflictDoNothing()
          .returning({ membershipId: groupMembers.membershipId });
        const joined = rows.map((row) => row.membershipId);
        if (joined.length > 0) {
          await audit({ action: 'group.members_added', targetType: 'group', targetId: groupId, targetLabel: group.name, after: { membershipIds: joined, roles: group.roles.map((role) => role.name) } });
        }
        return { ids: joined, carriesRoles: group.roles.length > 0 };
      },
      meta,
    );
    return { added: added.ids.length };
  } catch (error) {
    return explainGroupRefusal(error, '');
  }
}

/**
 * Removes members from a group (groups.manage); ids not in it are ignored. The actor must hold everything
 * the group's roles grant, since each member leaving loses it. Returns how many left.
 */
export async function removeGroupMembers(actor: Actor, groupId: string, membershipIds: string[], meta?: RequestMeta): Promise<{ removed: number }> {
  const actorAccess = await requirePermission(actor, 'groups.manage');
  const ids = [...new Set(membershipIds)];
  if (ids.length === 0) return { removed: 0 };
  const removed = await writeAccessChange(
    actor,
    (result: { ids: string[]; carriesRoles: boolean }) => (result.carriesRoles ? membersChanged(actor.accountId, result.ids) : null),
    async ({ tx, audit }) => {
      const group = await lockGroupWithin(tx, actor, groupId, actorAccess, (g) => `You cannot remove people from “${g.name}”: they would lose what you do not hold yourself.`);
      const rows = await tx
        .delete(groupMembers)
        .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.accountId, actor.accountId), sql`${groupMembers.membershipId} = any(${idArray(ids)})`))
        .returning({ membershipId: groupMembers.membershipId });
      const left = rows.map((row) => row.membershipId);
      if (left.length > 0) {
        await audit({ action: 'group.members_removed', targetType: 'group', targetId: groupId, targetLabel: group.name, before: { membershipIds: left, roles: group.roles.map((role) => role.name) } });
      }
      return { ids: left, carriesRoles: group.roles.length > 0 };
    },
    meta,
  );
  return { removed: removed.ids.length };
}
