import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, count, eq, inArray, sql } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { membershipRoles, roleGrants, roles } from '@/db/schema';
import { requireAnyPermission, requirePermission, type Actor } from '@/lib/access/checks';
import { beyondActor, changedNames, grantedNames } from '@/lib/access/escalation';
import { listGranted, type CompiledGraph, type RoleInput } from '@/lib/access/resolver';
import type { RequestMeta } from '@/lib/http/client';
import type { CreateRoleInput, UpdateRoleInput } from '@/lib/validation/access';
import { loadAccountRoles } from './access-store';
import { DalError } from './errors';
import {
  changeRoleGraph,
  compileAccount,
  compileOrRefuse,
  insertGrants,
  isUniqueViolation,
  refuseIfBroken,
  roleNotFound,
  staleRole,
} from './role-shared';

export interface RoleView {
  id: string;
  name: string;
  description: string;
  builtinKey: string | null;
  baseRoleId: string | null;
  /** This role, then its base, then that role's base…: "Salesperson ← User". */
  chain: { id: string; name: string }[];
  ownPermissions: string[];
  privileges: string[];
  effectivePermissions: string[];
  effectivePrivileges: string[];
  /** For each effective permission or privilege: the role in the chain that grants it. */
  grantedBy: Record<string, string>;
  memberCount: number;
  version: number;
  /** Why the role cannot be compiled (a circle, a chain too deep…): it grants nothing until fixed. */
  broken: string | null;
}

function viewOf(role: RoleInput, graph: CompiledGraph, inputs: Map<string, RoleInput>, meta: { builtinKey: string | null; description: string; version: number; memberCount: number }): RoleView {
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
    version: meta.version,
    broken: null,
  };
}

/** A broken role as the roles pages show it: its own grants and its base, granting nothing, so it can be fixed. */
function brokenViewOf(role: RoleInput, graph: CompiledGraph, inputs: Map<string, RoleInput>, meta: { builtinKey: string | null; description: string; version: number; memberCount: number }): RoleView {
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
    version: meta.version,
    broken: graph.broken.get(role.id)?.message ?? 'This role cannot be compiled.',
  };
}

/** Every role of the actor's account with its chain and what it grants. Needs roles.manage or users.manage. */
export async function listRoles(actor: Actor): Promise<RoleView[]> {
  await requireAnyPermission(actor, ['roles.manage', 'users.manage']);
  const db = await getDb();
  const [inputs, rows, counts] = await Promise.all([
    loadAccountRoles(actor.accountId),
    db.select({ id: roles.id, builtinKey: roles.builtinKey, description: roles.description, version: roles.version }).from(roles).where(eq(roles.accountId, actor.accountId)),
    db
      .select({ roleId: membershipRoles.roleId, members: count() })
      .from(membershipRoles)
      .innerJoin(roles, eq(roles.id, membershipRoles.roleId))
      .where(eq(roles.accountId, actor.accountId))
      .groupBy(membershipRoles.roleId),
  ]);
  const byId = new Map(inputs.map((input) => [input.id, input]));
  // A broken part (written around the checks) is shown as broken, not refused: this is where it gets fixed.
  const graph = compileAccount(inputs);
  const meta = new Map(rows.map((row) => [row.id, row]));
  const members = new Map(counts.map((row) => [row.roleId, Number(row.members)]));
  const views = inputs.map((input) =>
    viewOf(input, graph, byId, { ...meta.get(input.id)!, memberCount: members.get(input.id) ?? 0 }),
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

/**
 * Creates a custom role based on another role of the account. Needs roles.manage; refuses a role that
 * would hold anything the actor does not (its base's permissions included), a name in use, and a chain
 * deeper than the limit.
 */
export async function createRole(actor: Actor, input: CreateRoleInput, meta?: RequestMeta): Promise<{ id: string }> {
  const actorAccess = await requirePermission(actor, 'roles.manage');
  const id = randomUUID();
  const candidate: RoleInput = { id, name: input.name, baseRoleId: input.baseRoleId, permissions: input.permissions, privileges: input.privileges };
  try {
    await changeRoleGraph(actor, () => ({ role: candidate }), async ({ tx, audit }, current) => {
      if (!current.some((role) => role.id === input.baseRoleId)) {
        throw new DalError('invalid', 'Pick the role this one is based on.', { baseRoleId: 'Pick a role of this account.' });
      }
      const before = compileAccount(current);
      refuseIfBroken(before, input.baseRoleId, 'baseRoleId');
      const after = compileOrRefuse([...current, candidate], before, [id]);
      const beyond = beyondActor(actorAccess, grantedNames(after.compiled.get(id)!));
      if (beyond.length > 0) {
        throw new DalError('forbidden', `You cannot create a role with more than you hold yourself. Beyond your permissions: ${beyond.join(', ')}.`);
      }
      await tx.insert(roles).values({ id, accountId: actor.accountId, name: input.name, description: input.description, baseRoleId: input.baseRoleId });
      await insertGrants(tx, id, input.permissions, input.privileges);
      await audit({
        action: 'role.created',
        targetType: 'role',
        targetId: id,
        targetLabel: input.name,
        after: { name: input.name, description: input.description, baseRoleId: input.baseRoleId, permissions: input.permissions, privileges: input.privileges },
      });
    }, meta);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DalError('conflict', `A role named “${input.name}” already exists.`, { name: 'That name is taken.' });
    throw error;
  }
  return { id };
}

/**
 * Changes a custom role. Needs roles.manage; refuses built-in roles, a stale version (someone saved in
 * between), a cycle or too deep a chain, and any change that adds or removes a permission or privilege
 * the actor does not hold (through a new base role too, in either direction).
 */
export async function updateRole(actor: Actor, input: UpdateRoleInput, meta?: RequestMeta): Promise<{ version: number }> {
  const actorAccess = await requirePermission(actor, 'roles.manage');
  try {
    await changeRoleGraph(actor, (candidate: RoleInput) => ({ role: candidate }), async ({ tx, audit }, current) => {
      const [row] = await tx
        .select({ builtinKey: roles.builtinKey, version: roles.version, description: roles.description })
        .from(roles)
        .where(and(eq(roles.id, input.roleId), eq(roles.accountId, actor.accountId)))
        .limit(1);
      if (!row) throw roleNotFound();
      if (row.builtinKey) throw new DalError('forbidden', 'Built-in roles cannot be edited. Create a custom role based on this one instead.');
      if (row.version !== input.version) throw staleRole();

      const before = current.find((role) => role.id === input.roleId)!;
      if (!current.some((role) => role.id === input.baseRoleId)) {
        throw new DalError('invalid', 'Pick the role this one is based on.', { baseRoleId: 'Pick a role of this account.' });
      }
      const candidate: RoleInput = { ...before, name: input.name, baseRoleId: input.baseRoleId, permissions: input.permissions, privileges: input.privileges };
      const oldGraph = compileAccount(current);
      if (input.baseRoleId !== input.roleId) refuseIfBroken(oldGraph, input.baseRoleId, 'baseRoleId');
      const newGraph = compileOrRefuse(current.map((role) => (role.id === candidate.id ? candidate : role)), oldGraph, [candidate.id]);
      // What any role gains or loses (this one, and every role below it), through a new base too. A role
      // that was broken held nothing, so repairing it gains everything its new chain grants.
      const gained = changedNames(oldGraph, newGraph);
      const lost = changedNames(newGraph, oldGraph);
      const ownBefore = new Set([...before.permissions, ...before.privileges]);
      const ownAfter = new Set([...candidate.permissions, ...candidate.privileges]);
      const touched = [...ownAfter].filter((name) => !ownBefore.has(name)).concat([...ownBefore].filter((name) => !ownAfter.has(name)));
      const beyond = beyondActor(actorAccess, [...new Set([...gained, ...lost, ...touched])]);
      if (beyond.length > 0) {
        throw new DalError('forbidden', `You cannot grant or remove what you do not hold yourself: ${beyond.join(', ')}.`);
      }

      const updated = await tx
        .update(roles)
        .set({ name: input.name, description: input.description, baseRoleId: input.baseRoleId, version: sql`${roles.version} + 1`, updatedAt: new Date() })
        .where(and(eq(roles.id, input.roleId), eq(roles.version, input.version)))
        .returning({ version: roles.version });
      if (updated.length === 0) throw staleRole();
      await tx.delete(roleGrants).where(eq(roleGrants.roleId, input.roleId));
      await insertGrants(tx, input.roleId, input.permissions, input.privileges);
      await audit({
        action: 'role.updated',
        targetType: 'role',
        targetId: input.roleId,
        targetLabel: input.name,
        before: { name: before.name, description: row.description, baseRoleId: before.baseRoleId, permissions: before.permissions, privileges: before.privileges },
        after: { name: input.name, description: input.description, baseRoleId: input.baseRoleId, permissions: input.permissions, privileges: input.privileges },
      });
      return candidate;
    }, meta);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DalError('conflict', `A role named “${input.name}” already exists.`, { name: 'That name is taken.' });
    throw error;
  }
  return { version: input.version + 1 };
}

export { deleteRole, getRoleUsage, type RoleUsage, type RoleMove } from './role-delete';

/** Role ids of the actor's account among `ids` (others are ignored by callers as not found). */
export async function roleIdsInAccount(accountId: string, ids: string[]): Promise<{ id: string; builtinKey: string | null; name: string }[]> {
  if (ids.length === 0) return [];
  const db = await getDb();
  return db.select({ id: roles.id, builtinKey: roles.builtinKey, name: roles.name }).from(roles).where(and(eq(roles.accountId, accountId), inArray(roles.id, ids)));
}
