import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { groupRoles, groups, roles } from '@/db/schema';
import { requireAnyPermission, requirePermission, type Actor } from '@/lib/access/checks';
import type { RequestMeta } from '@/lib/http/client';
import type { GroupSummary } from '@/lib/types/organization';
import type { GroupInput } from '@/lib/validation/organization';

export type { GroupSummary };
import { loadAccountRoles } from '@/lib/dal/access/load-access';
import { membersChanged, writeAccessChange } from '@/lib/dal/access/write-access-change';
import { lockRoleGraph } from '@/lib/dal/roles/change-role-graph';
import { assertWithinActor, explainGroupRefusal, grantedByRoles, groupMemberIds, lockGroup, requireGroupableRoles } from './group-access';

/** A group as its page shows it: its fields and the roles it carries (its members are paged apart). */
export type GroupDetail = Omit<GroupSummary, 'members'>;

/** The account's groups by name, with their roles and member counts (groups.manage or users.manage). */
export async function listGroups(actor: Actor): Promise<GroupSummary[]> {
  await requireAnyPermission(actor, ['groups.manage', 'users.manage']);
  const db = await getDb();
  const [rows, carried] = await Promise.all([
    db
      .select({
        id: groups.id,
        name: groups.name,
        email: groups.email,
        description: groups.description,
        // Spelled out: in a one-table select drizzle leaves column names unqualified, which a subquery would misread.
        members: sql<number>`(select count(*)::int from group_members gm where gm.group_id = groups.id)`,
      })
      .from(groups)
      .where(eq(groups.accountId, actor.accountId))
      .orderBy(asc(sql`lower(${groups.name})`), asc(groups.id)),
    db
      .select({ groupId: groupRoles.groupId, id: roles.id, name: roles.name })
      .from(groupRoles)
      .innerJoin(roles, eq(roles.id, groupRoles.roleId))
      .where(eq(groupRoles.accountId, actor.accountId))
      .orderBy(asc(roles.name), asc(roles.id)),
  ]);
  const rolesOf = new Map<string, { id: string; name: string }[]>();
  for (const { groupId, id, name } of carried) rolesOf.set(groupId, [...(rolesOf.get(groupId) ?? []), { id, name }]);
  return rows.map((row) => ({ ...row, roles: rolesOf.get(row.id) ?? [] }));
}

/**
 * One group of the actor's account with its shared inbox and the roles it carries, for its page (whose
 * members table pages through the Users tab's search). groups.manage or users.manage.
 */
export async function getGroup(actor: Actor, groupId: string): Promise<GroupDetail> {
  await requireAnyPermission(actor, ['groups.manage', 'users.manage']);
  const db = await getDb();
  return db.transaction((tx) => lockGroup(tx, actor, groupId, 'share'));
}

/**
 * Creates a group with its shared inbox and the roles it carries (groups.manage). Refuses a name taken, a
 * role of another account (not found), the Owner role, and a role granting more than the actor holds.
 */
export async function createGroup(actor: Actor, input: GroupInput, meta?: RequestMeta): Promise<{ id: string }> {
  const actorAccess = await requirePermission(actor, 'groups.manage');
  try {
    // A new group has no members yet: its access changes nobody's, so nothing is announced.
    return await writeAccessChange(actor, () => null, async ({ tx, audit }) => {
      await lockRoleGraph(tx, actor.accountId);
      const picked = await requireGroupableRoles(tx, actor, input.roleIds);
      const current = await loadAccountRoles(actor.accountId, tx);
      assertWithinActor(actorAccess, grantedByRoles(current, input.roleIds), 'You cannot give a group a role with more than you hold yourself.', 'roleIds');
      const [row] = await tx
        .insert(groups)
        .values({ accountId: actor.accountId, name: input.name, email: input.email, description: input.description })
        .returning({ id: groups.id });
      const id = row!.id;
      if (picked.length > 0) await tx.insert(groupRoles).values(picked.map((role) => ({ groupId: id, roleId: role.id, accountId: actor.accountId })));
      await audit({
        action: 'group.created',
        targetType: 'group',
        targetId: id,
        targetLabel: input.name,
        after: { name: input.name, email: input.email, description: input.description, roles: picked.map((role) => role.name).sort() },
      });
      return { id };
    }, meta);
  } catch (error) {
    return explainGroupRefusal(error, input.name);
  }
}

/**
 * Changes a group's name, inbox, description and the set of roles it carries (groups.manage). A role added
 * or taken away must grant nothing the actor does not hold (through its chain), since every member gains or
 * loses it; the Owner role and another account's roles are refused. Members' access changes on their next request.
 */
export async function updateGroup(actor: Actor, groupId: string, input: GroupInput, meta?: RequestMeta): Promise<void> {
  const actorAccess = await requirePermission(actor, 'groups.manage');
  try {
    await writeAccessChange(
      actor,
      (affected: string[]) => membersChanged(actor.accountId, affected),
      async ({ tx, audit }) => {
        await lockRoleGraph(tx, actor.accountId);
        const before = await lockGroup(tx, actor, groupId, 'update');
        const picked = await requireGroupableRoles(tx, actor, input.roleIds);
        const had = new Set(before.roles.map((role) => role.id));
        const wanted = new Set(input.roleIds);
        const added = input.roleIds.filter((id) => !had.has(id));
        const removed = [...had].filter((id) => !wanted.has(id));
        const current = await loadAccountRoles(actor.accountId, tx);
        assertWithinActor(actorAccess, grantedByRoles(current, added), 'You cannot give a group a role with more than you hold yourself.', 'roleIds');
        assertWithinActor(actorAccess, grantedByRoles(current, removed), 'Taking these roles from the group would take from its members what you do not hold yourself.', 'roleIds');

        await tx
          .update(groups)
          .set({ name: input.name, email: input.email, description: input.description, updatedAt: sql`now()` })
          .where(eq(groups.id, groupId));
        if (removed.length > 0) await tx.delete(groupRoles).where(and(eq(groupRoles.groupId, groupId), inArray(groupRoles.roleId, removed)));
        if (added.length > 0) await tx.insert(groupRoles).values(added.map((roleId) => ({ groupId, roleId, accountId: actor.accountId })));
        const affected = added.length + removed.length > 0 ? await groupMemberIds(tx, groupId) : [];
        await audit({
          action: 'group.updated',
          targetType: 'group',
          targetId: groupId,
          targetLabel: input.name,
          before: { name: before.name, email: before.email, description: before.description, roles: before.roles.map((role) => role.name) },
          after: { name: input.name, email: input.email, description: input.description, roles: picked.map((role) => role.name).sort(), membersAffected: affected.length },
        });
        return affected;
      },
      meta,
    );
  } catch (error) {
    explainGroupRefusal(error, input.name);
  }
}

/**
 * Deletes a group (groups.manage): its members leave it and lose what its roles gave them (previewGroupDeletion
 * says who loses what), so the actor must hold everything its roles grant.
 */
export async function deleteGroup(actor: Actor, groupId: string, meta?: RequestMeta): Promise<{ membersAffected: number }> {
  const actorAccess = await requirePermission(actor, 'groups.manage');
  const affected = await writeAccessChange(
    actor,
    (result: { members: string[]; carriesRoles: boolean }) => (result.carriesRoles ? membersChanged(actor.accountId, result.members) : null),
    async ({ tx, audit }) => {
      await lockRoleGraph(tx, actor.accountId);
      const before = await lockGroup(tx, actor, groupId, 'update');
      const roleIds = before.roles.map((role) => role.id);
      assertWithinActor(
        actorAccess,
        grantedByRoles(await loadAccountRoles(actor.accountId, tx), roleIds),
        `Deleting “${before.name}” would take from its members what you do not hold yourself.`,
      );
      const members = await groupMemberIds(tx, groupId);
      await tx.delete(groups).where(eq(groups.id, groupId));
      await audit({
        action: 'group.deleted',
        targetType: 'group',
        targetId: groupId,
        targetLabel: before.name,
        before: { name: before.name, email: before.email, description: before.description, roles: before.roles.map((role) => role.name), members: members.length },
      });
      return { members, carriesRoles: roleIds.length > 0 };
    },
    meta,
  );
  return { membersAffected: affected.carriesRoles ? affected.members.length : 0 };
}

