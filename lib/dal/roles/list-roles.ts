import 'server-only';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { groupRoles, groups, roles } from '@/db/schema';
import { requireAnyPermission, type Actor } from '@/lib/access/checks';
import type { CompiledGraph } from '@/lib/access/compile-graph';
import { listGranted, type RoleInput } from '@/lib/access/resolver';
import { loadAccountRoles } from '@/lib/dal/access/load-access';
import type { RoleView } from '@/lib/types/roles';
import { compileAccount, roleNotFound } from './change-role-graph';

type RoleMeta = Pick<RoleView, 'builtinKey' | 'description' | 'version' | 'memberCount' | 'groups'>;

function viewOf(role: RoleInput, graph: CompiledGraph, inputs: Map<string, RoleInput>, meta: RoleMeta): RoleView {
  const compiledRole = graph.compiled.get(role.id);
  if (!compiledRole) return brokenViewOf(role, graph, inputs, meta);
  const chain = compiledRole.chain.map((id) => ({ id, name: inputs.get(id)!.name }));
  const grantedBy: Record<string, string> = {};
  // Walk from the root up, so the nearest role that grants a name is the one recorded.
  for (const id of [...compiledRole.chain].reverse()) {
    const input = inputs.get(id)!;
    for (const name of [...input.permissions, ...input.privileges]) grantedBy[name] = input.name;
  }
  const { permissions, privileges } = listGranted(compiledRole);
  return {
    id: role.id,
    name: role.name,
    description: meta.description,
    builtinKey: meta.builtinKey,
    baseRoleId: role.baseRoleId,
    chain,
    ownPermissions: [...role.permissions].sort(),
    privileges: [...role.privileges].sort(),
    effectivePermissions: permissions,
    effectivePrivileges: privileges,
    grantedBy,
    memberCount: meta.memberCount,
    groups: meta.groups,
    version: meta.version,
    broken: null,
  };
}

/** A broken role as the roles pages show it: its own grants and its base, granting nothing, so it can be fixed. */
function brokenViewOf(role: RoleInput, graph: CompiledGraph, inputs: Map<string, RoleInput>, meta: RoleMeta): RoleView {
  const base = role.baseRoleId ? inputs.get(role.baseRoleId) : undefined;
  return {
    id: role.id,
    name: role.name,
    description: meta.description,
    builtinKey: meta.builtinKey,
    baseRoleId: role.baseRoleId,
    // Only the first link: the chain beyond it loops or runs too deep.
    chain: [{ id: role.id, name: role.name }, ...(base ? [{ id: base.id, name: base.name }] : [])],
    ownPermissions: [...role.permissions].sort(),
    privileges: [...role.privileges].sort(),
    effectivePermissions: [],
    effectivePrivileges: [],
    grantedBy: {},
    memberCount: meta.memberCount,
    groups: meta.groups,
    version: meta.version,
    broken: graph.broken.get(role.id)?.message ?? 'This role cannot be compiled.',
  };
}

/** Every role of the actor's account with its chain and what it grants. Needs roles.manage or users.manage. */
export async function listRoles(actor: Actor): Promise<RoleView[]> {
  await requireAnyPermission(actor, ['roles.manage', 'users.manage']);
  const db = await getDb();
  // Members per role come from role_member_counts, which the database keeps as membership_roles changes
  // (migration 0013): one row per role rather than a count over every membership of the account.
  // And the groups that carry each role (issue 16): their members hold it too, on top of the count.
  const [inputs, rows, carriers] = await Promise.all([
    loadAccountRoles(actor.accountId),
    db
      .select({
        id: roles.id,
        builtinKey: roles.builtinKey,
        description: roles.description,
        version: roles.version,
        members: sql<string | number>`coalesce((select c.members from role_member_counts c where c.role_id = ${roles.id}), 0)`,
      })
      .from(roles)
      .where(eq(roles.accountId, actor.accountId)),
    db
      .select({ roleId: groupRoles.roleId, id: groups.id, name: groups.name })
      .from(groupRoles)
      .innerJoin(groups, eq(groups.id, groupRoles.groupId))
      .where(eq(groupRoles.accountId, actor.accountId))
      .orderBy(asc(sql`lower(${groups.name})`), asc(groups.id)),
  ]);
  const carriedBy = new Map<string, { id: string; name: string }[]>();
  for (const { roleId, id, name } of carriers) carriedBy.set(roleId, [...(carriedBy.get(roleId) ?? []), { id, name }]);
  const byId = new Map(inputs.map((input) => [input.id, input]));
  // A broken part (written around the checks) is shown as broken, not refused: this is where it gets fixed.
  const graph = compileAccount(inputs);
  const meta = new Map(rows.map((row) => [row.id, row]));
  const views = inputs.map((input) =>
    viewOf(input, graph, byId, { ...meta.get(input.id)!, memberCount: Number(meta.get(input.id)!.members), groups: carriedBy.get(input.id) ?? [] }),
  );
  // Built-in roles first (Owner, Admin, User, Guest), then custom roles by chain depth and name.
  const rank: Record<string, number> = { owner: 0, admin: 1, user: 2, guest: 3 };
  return views.sort((a, b) =>
    a.builtinKey || b.builtinKey
      ? (a.builtinKey ? rank[a.builtinKey]! : 9) - (b.builtinKey ? rank[b.builtinKey]! : 9)
      : a.chain.length - b.chain.length || a.name.localeCompare(b.name),
  );
}

/** One role of the actor's account (not found for another account's role). Needs roles.manage or users.manage. */
export async function getRole(actor: Actor, roleId: string): Promise<RoleView> {
  const role = (await listRoles(actor)).find((candidate) => candidate.id === roleId);
  if (!role) throw roleNotFound();
  return role;
}

/** Role ids of the actor's account among `ids` (others are ignored by callers as not found). */
export async function roleIdsInAccount(accountId: string, ids: string[]): Promise<{ id: string; builtinKey: string | null; name: string }[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  return db.select({ id: roles.id, builtinKey: roles.builtinKey, name: roles.name }).from(roles).where(and(eq(roles.accountId, accountId), inArray(roles.id, ids)));
}
