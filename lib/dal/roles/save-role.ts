import 'server-only';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { roleGrants, roles } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { beyondActor, changedNames, grantedNames } from '@/lib/access/escalation';
import { type RoleInput } from '@/lib/access/resolver';
import type { RequestMeta } from '@/lib/http/client';
import type { CreateRoleInput, UpdateRoleInput } from '@/lib/validation/access';
import { DalError } from '@/lib/dal/core/errors';
import { changeRoleGraph, compileAccount, compileOrRefuse, insertGrants, isUniqueViolation, refuseIfBroken, roleNotFound, staleRole } from './change-role-graph';

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
