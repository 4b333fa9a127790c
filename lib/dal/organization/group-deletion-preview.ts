import 'server-only';
import type { GroupDeletionPreview } from '@/lib/types/organization';
import { and, asc, eq, inArray, ne } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { groupMembers, groupRoles, membershipOverrides, membershipRoles, memberships, users } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { compileRolesTolerant } from '@/lib/access/compile-graph';
import { grantedNames } from '@/lib/access/escalation';
import { memberRoleIds } from '@/lib/access/member-roles';
import { resolveAccess, type OverrideInput } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { loadAccountRoles } from '@/lib/dal/access/load-access';
import { lockGroup } from './group-access';

/** Who loses what if a group goes: shown before deleting it. */
export type { GroupDeletionPreview };

export const PREVIEW_NAMED = 100;

interface MemberFacts {
  membershipId: string;
  name: string;
  /** Roles they keep without the group: their own and those of their other groups. */
  kept: string[];
  overrides: { grants: string[]; denies: string[]; hiddenModules: string[] };
}

/**
 * Which members of a group lose which permissions and privileges if it is deleted (groups.manage): each
 * member's access resolved with and without the group's roles, overrides applied (a denied name is not
 * lost: they never had it). Members with the same roles and overrides are resolved once. Another account's
 * group is not found.
 */
export async function previewGroupDeletion(actor: Actor, groupId: string): Promise<GroupDeletionPreview> {
  await requirePermission(actor, 'groups.manage');
  const db = await getDb();
  return db.transaction(async (tx) => {
    const group = await lockGroup(tx, actor, groupId, 'share');
    const inGroup = tx.select({ id: groupMembers.membershipId }).from(groupMembers).where(eq(groupMembers.groupId, groupId));
    const [people, direct, viaOthers, overrideRows, current] = await Promise.all([
      tx
        .select({ membershipId: memberships.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
        .from(groupMembers)
        .innerJoin(memberships, eq(memberships.id, groupMembers.membershipId))
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(eq(groupMembers.groupId, groupId))
        .orderBy(asc(users.lastName), asc(users.firstName), asc(memberships.id)),
      tx.select({ membershipId: membershipRoles.membershipId, roleId: membershipRoles.roleId }).from(membershipRoles).where(inArray(membershipRoles.membershipId, inGroup)),
      tx
        .select({ membershipId: groupMembers.membershipId, roleId: groupRoles.roleId })
        .from(groupMembers)
        .innerJoin(groupRoles, eq(groupRoles.groupId, groupMembers.groupId))
        .where(and(inArray(groupMembers.membershipId, inGroup), ne(groupMembers.groupId, groupId))),
      tx
        .select({ membershipId: membershipOverrides.membershipId, kind: membershipOverrides.kind, name: membershipOverrides.name })
        .from(membershipOverrides)
        .where(inArray(membershipOverrides.membershipId, inGroup)),
      loadAccountRoles(actor.accountId, tx),
    ]);
    const facts = new Map<string, MemberFacts>();
    for (const row of people) {
      const name = `${row.firstName} ${row.lastName}`.trim() || row.email;
      facts.set(row.membershipId, { membershipId: row.membershipId, name, kept: [], overrides: { grants: [], denies: [], hiddenModules: [] } });
    }
    for (const row of [...direct, ...viaOthers]) facts.get(row.membershipId)?.kept.push(row.roleId);
    const field = { grant: 'grants', deny: 'denies', hide_module: 'hiddenModules' } as const;
    for (const row of overrideRows) facts.get(row.membershipId)?.overrides[field[row.kind]].push(row.name);

    const lossOf = lossCalculator(current, group.roles.map((role) => role.id));
    const named: GroupDeletionPreview['members'] = [];
    const lost = new Set<string>();
    let losingCount = 0;
    for (const member of facts.values()) {
      const loses = lossOf(member.kept, member.overrides);
      if (loses.length === 0) continue;
      losingCount += 1;
      for (const name of loses) lost.add(name);
      if (named.length < PREVIEW_NAMED) named.push({ membershipId: member.membershipId, name: member.name, loses });
    }
    return { group: { id: group.id, name: group.name }, roles: group.roles, memberCount: facts.size, losingCount, members: named, lost: [...lost].sort() };
  });
}

/**
 * What a member loses when the group's roles go, given the roles they keep and their overrides: what they
 * hold with the group's roles minus what they hold without. Remembers each distinct roles-and-overrides.
 */
function lossCalculator(current: Parameters<typeof compileRolesTolerant>[1], groupRoleIds: readonly string[]) {
  const { compiled } = compileRolesTolerant(SYSTEM_SPACE, current);
  const seen = new Map<string, string[]>();
  return (kept: readonly string[], overrides: OverrideInput): string[] => {
    const without = memberRoleIds(kept);
    const key = JSON.stringify([without, overrides]);
    let loses = seen.get(key);
    if (!loses) {
      const held = new Set(grantedNames(resolveAccess(SYSTEM_SPACE, compiled, without, overrides)));
      loses = grantedNames(resolveAccess(SYSTEM_SPACE, compiled, memberRoleIds(without, groupRoleIds), overrides)).filter((name) => !held.has(name));
      seen.set(key, loses);
    }
    return loses;
  };
}
