import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Tx } from '@/db/client';
import { auditLog, invitations, membershipRoles, memberships, roles, users } from '@/db/schema';
import { assertHolds, requirePermission, type Actor } from '@/lib/access/checks';
import { beyondActor, changedNames, grantedNames, mayAssign, mayChangeMembership } from '@/lib/access/escalation';
import type { CompiledGraph } from '@/lib/access/compile-graph';
import type { EffectiveAccess, RoleInput } from '@/lib/access/resolver';
import type { RequestMeta } from '@/lib/http/client';
import { type AuditRow } from '@/lib/dal/core/record-audit';
import { DalError } from '@/lib/dal/core/errors';
import { actorIsOwner } from '@/lib/dal/members/target-membership';
import { changeRoleGraph, compileAccount, compileOrRefuse, isForeignKeyViolation, refuseIfBroken } from './change-role-graph';
import { type RoleUsage } from '@/lib/types/roles';
import { movesHolders, fullName, readUsage, describeUsage } from './get-role-usage';

/**
 * Where what depends on a deleted role goes: its members (and the open invitations offering it) to another
 * role, the roles based on it onto another base.
 */
export interface RoleMove {
  membersTo?: string;
  dependentsTo?: string;
}

const AUDIT_SLICE = 500;

/**
 * Checks a move against the roles as they are (inside the delete's transaction): the members' new role
 * must be one the actor may assign (and moving members needs users.manage), and re-basing the dependent
 * roles must make no cycle, no chain over the limit, and give or take no role anything the actor does not
 * hold. What the members lose is judged by role, like what they gain (the deleted role's names the new
 * role lacks), not per member: a member whose other roles happen to keep a name still counts as losing
 * it. Returns the roles for the audit.
 */
function checkMove(actorAccess: EffectiveAccess, usage: RoleUsage, move: RoleMove, current: RoleInput[]) {
  const byId = new Map(current.map((role) => [role.id, role]));
  const graph = compileAccount(current);
  // A broken role grants nothing: deleting it takes nothing from its members.
  const deletedRole = graph.compiled.get(usage.roleId);
  const deletedNames = deletedRole ? grantedNames(deletedRole) : [];
  let membersTo: RoleInput | undefined;
  if (movesHolders(usage)) {
    assertHolds(actorAccess, 'users.manage');
    membersTo = byId.get(move.membersTo!);
    if (!membersTo || membersTo.id === usage.roleId) {
      throw new DalError('invalid', `Pick another role of this account for the members of “${usage.name}”.`, { membersTo: 'Pick another role.' });
    }
    refuseIfBroken(graph, membersTo.id, 'membersTo');
    const target = graph.compiled.get(membersTo.id)!;
    if (!mayAssign(actorAccess, target)) {
      const beyond = beyondActor(actorAccess, grantedNames(target));
      throw new DalError('forbidden', `You cannot move members to “${membersTo.name}”: it has more than you hold yourself (${beyond.join(', ')}).`, {
        membersTo: 'Beyond your permissions.',
      });
    }
    const kept = new Set(grantedNames(target));
    const lost = beyondActor(actorAccess, deletedNames.filter((name) => !kept.has(name)));
    if (lost.length > 0) {
      throw new DalError('forbidden', `Moving the members of “${usage.name}” to “${membersTo.name}” would take from them what you do not hold yourself: ${lost.join(', ')}.`, {
        membersTo: 'They would lose what you cannot remove.',
      });
    }
  }
  let dependentsTo: RoleInput | undefined;
  if (usage.dependents.length > 0) {
    dependentsTo = byId.get(move.dependentsTo!);
    if (!dependentsTo || dependentsTo.id === usage.roleId) {
      throw new DalError('invalid', `Pick another role for the roles based on “${usage.name}” to be based on.`, { dependentsTo: 'Pick another role.' });
    }
    refuseIfBroken(graph, dependentsTo.id, 'dependentsTo');
    const dependentIds = new Set(usage.dependents.map((dependent) => dependent.id));
    const after = current
      .filter((role) => role.id !== usage.roleId)
      .map((role) => (dependentIds.has(role.id) ? { ...role, baseRoleId: dependentsTo!.id } : role));
    const recompiled = refuseBrokenMove(after, graph, [...dependentIds]);
    const gained = beyondActor(actorAccess, changedNames(graph, recompiled));
    if (gained.length > 0) {
      throw new DalError('forbidden', `Basing those roles on “${dependentsTo.name}” would give them more than you hold yourself: ${gained.join(', ')}.`, {
        dependentsTo: 'Beyond your permissions.',
      });
    }
    const lost = beyondActor(actorAccess, changedNames(recompiled, graph));
    if (lost.length > 0) {
      throw new DalError('forbidden', `Basing those roles on “${dependentsTo.name}” would take from them what you do not hold yourself: ${lost.join(', ')}.`, {
        dependentsTo: 'They would lose what you cannot remove.',
      });
    }
  }
  return { membersTo, dependentsTo };
}

/** compileOrRefuse, with the refusal pointing at the base the editor picked for the dependent roles. */
function refuseBrokenMove(after: RoleInput[], before: CompiledGraph, changed: string[]): CompiledGraph {
  try {
    return compileOrRefuse(after, before, changed);
  } catch (error) {
    if (error instanceof DalError && error.fieldErrors) throw new DalError(error.code, error.message, { dependentsTo: error.message });
    throw error;
  }
}

/**
 * Deletes a custom role. Needs roles.manage (and users.manage to move members); refuses a role whose own
 * grants the actor does not all hold. A role that members hold or other roles are based on is refused,
 * naming them, unless `move` says where they go: its members to another role the actor may assign, its
 * dependent roles onto another base (no cycle, no chain over the limit, nothing gained or lost beyond the
 * actor). Everything happens in one transaction, audited, or nothing does.
 */
export async function deleteRole(actor: Actor, roleId: string, meta?: RequestMeta, move: RoleMove = {}): Promise<{ membersMoved: number; invitationsMoved: number; dependentsRebased: number }> {
  const actorAccess = await requirePermission(actor, 'roles.manage');
  const actingOwner = await actorIsOwner(actor);

  let result: { moved: string[]; invited: number; rebased: number };
  let roleName = 'The role';
  try {
    result = await changeRoleGraph(actor, ({ moved }) => ({ membershipIds: moved }), async ({ tx, audit }, current) => {
      // Locking the role's row makes assigning it to a member (the foreign key's check) wait for this
      // transaction and then fail once the role is gone; the usage is read after it, so it is final.
      await tx.select({ id: roles.id }).from(roles).where(and(eq(roles.id, roleId), eq(roles.accountId, actor.accountId))).for('update');
      const usage = await readUsage(tx, actor.accountId, roleId);
      roleName = `“${usage.name}”`;
      if (usage.builtin) throw new DalError('forbidden', 'Built-in roles cannot be deleted.');
      // Locked by the role graph's lock, which every change of a group's roles takes too.
      if (usage.groups.length > 0) {
        const names = usage.groups.map((group) => `“${group.name}”`).join(', ');
        throw new DalError('conflict', `“${usage.name}” is carried by ${usage.groups.length === 1 ? 'the group' : 'the groups'} ${names}: take it off ${usage.groups.length === 1 ? 'that group' : 'those groups'} first.`);
      }
      const missing = (movesHolders(usage) && !move.membersTo) || (usage.dependents.length > 0 && !move.dependentsTo);
      if (missing) throw new DalError('conflict', `“${usage.name}” is still in use: ${describeUsage(usage)}. Move them to another role to delete it.`);

      const deleted = current.find((role) => role.id === roleId)!;
      const { membersTo, dependentsTo } = checkMove(actorAccess, usage, move, current);
      // Deleting a role removes its own grants from the account, as editing them away would, so updateRole's
      // rule holds here too, even when nobody holds the role: the actor must hold each of them. What the role
      // inherits stays with its base; what its members and dependent roles would lose was checked with the move.
      const notHeld = beyondActor(actorAccess, [...deleted.permissions, ...deleted.privileges]);
      if (notHeld.length > 0) {
        throw new DalError('forbidden', `You cannot delete “${usage.name}”: it grants what you do not hold yourself (${notHeld.join(', ')}).`);
      }

      const moved = membersTo ? await moveMembers(tx, actor, { id: roleId, name: usage.name }, membersTo, { actorIsOwner: actingOwner, meta }) : [];
      const invited = membersTo ? await moveInvitations(tx, actor, { id: roleId, name: usage.name }, membersTo, meta) : 0;
      const rebased = dependentsTo
        ? await tx
            .update(roles)
            .set({ baseRoleId: dependentsTo.id, version: sql`${roles.version} + 1`, updatedAt: new Date() })
            .where(and(eq(roles.baseRoleId, roleId), eq(roles.accountId, actor.accountId)))
            .returning({ id: roles.id, name: roles.name })
        : [];
      for (const role of rebased) {
        await audit({
          action: 'role.updated',
          targetType: 'role',
          targetId: role.id,
          targetLabel: role.name,
          before: { baseRoleId: roleId, baseRoleName: usage.name },
          after: { baseRoleId: dependentsTo!.id, baseRoleName: dependentsTo!.name, reason: `“${usage.name}” was deleted` },
        });
      }
      // The foreign keys refuse this if a member took the role up meanwhile: all or nothing. Accepted and
      // revoked invitations that offered it are history: they keep no role (shown as a deleted role).
      await tx.delete(roles).where(and(eq(roles.id, roleId), eq(roles.accountId, actor.accountId)));
      await audit({
        action: 'role.deleted',
        targetType: 'role',
        targetId: roleId,
        targetLabel: usage.name,
        before: {
          name: usage.name,
          baseRoleId: deleted.baseRoleId,
          permissions: deleted.permissions,
          privileges: deleted.privileges,
          members: moved.length,
          openInvitations: invited,
          dependents: rebased.map((role) => role.name),
        },
        after: {
          membersMovedTo: membersTo && moved.length + invited > 0 ? { id: membersTo.id, name: membersTo.name } : null,
          dependentsBasedOn: dependentsTo && rebased.length > 0 ? { id: dependentsTo.id, name: dependentsTo.name } : null,
        },
      });
      return { moved, invited, rebased: rebased.length };
    }, meta);
  } catch (error) {
    if (isForeignKeyViolation(error)) throw changedMeanwhile(roleName);
    throw error;
  }
  return { membersMoved: result.moved.length, invitationsMoved: result.invited, dependentsRebased: result.rebased };
}

const changedMeanwhile = (name: string) =>
  new DalError('conflict', `${name} was taken up by a member while you were deleting it. Nothing was changed; look again and retry.`);

/**
 * Points the open invitations (not accepted or revoked, expired ones too: they can be renewed) that offer
 * the deleted role at the members' new role, audited per invitation. Returns how many moved.
 */
async function moveInvitations(tx: Tx, actor: Actor, from: { id: string; name: string }, to: RoleInput, meta?: RequestMeta): Promise<number> {
  const moved = await tx
    .update(invitations)
    .set({ roleId: to.id })
    .where(and(eq(invitations.roleId, from.id), eq(invitations.accountId, actor.accountId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id, email: invitations.email });
  const entries = moved.map((invitation): AuditRow => ({
    accountId: actor.accountId,
    actorUserId: actor.userId,
    actorName: actor.name,
    ip: meta?.ip ?? null,
    userAgent: meta?.userAgent ?? null,
    action: 'invitation.role_changed',
    targetType: 'invitation',
    targetId: invitation.id,
    targetLabel: invitation.email,
    before: { role: from.name },
    after: { role: to.name, reason: `“${from.name}” was deleted` },
  }));
  for (let start = 0; start < entries.length; start += AUDIT_SLICE) await tx.insert(auditLog).values(entries.slice(start, start + AUDIT_SLICE));
  return moved.length;
}

/**
 * Gives every holder of the deleted role the new role instead (keeping their other roles), audited per
 * member. A non-Owner cannot change an Owner's membership this way either. Returns the moved membership ids.
 */
async function moveMembers(tx: Tx, actor: Actor, from: { id: string; name: string }, to: RoleInput, options: { actorIsOwner: boolean; meta?: RequestMeta }): Promise<string[]> {
  const roleId = from.id;
  // Every role each holder has now, read inside the transaction: the audit's "before".
  const held = await tx
    .select({ membershipId: membershipRoles.membershipId, roleName: roles.name, builtinKey: roles.builtinKey, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(membershipRoles)
    .innerJoin(roles, eq(roles.id, membershipRoles.roleId))
    .innerJoin(memberships, eq(memberships.id, membershipRoles.membershipId))
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(sql`${membershipRoles.membershipId} in (select membership_id from membership_roles where role_id = ${roleId})`);
  const members = new Map<string, { label: string; roles: string[]; owner: boolean }>();
  for (const row of held) {
    const entry = members.get(row.membershipId) ?? { label: fullName(row), roles: [], owner: false };
    entry.roles.push(row.roleName);
    entry.owner ||= row.builtinKey === 'owner';
    members.set(row.membershipId, entry);
  }
  const owners = [...members.values()].filter((member) => !mayChangeMembership(options.actorIsOwner, member.owner));
  if (owners.length > 0) {
    throw new DalError('forbidden', `Only an Owner can change an Owner’s membership: ${owners.map((owner) => owner.label).join(', ')} ${owners.length === 1 ? 'holds' : 'hold'} this role too.`);
  }
  await tx.execute(sql`insert into membership_roles (membership_id, role_id) select membership_id, ${to.id} from membership_roles where role_id = ${roleId} on conflict do nothing`);
  await tx.delete(membershipRoles).where(eq(membershipRoles.roleId, roleId));

  const entries = [...members].map(([membershipId, member]): AuditRow => {
    const before = member.roles.sort();
    const after = [...new Set(before.map((name) => (name === from.name ? to.name : name)))].sort();
    return {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      ip: options.meta?.ip ?? null,
      userAgent: options.meta?.userAgent ?? null,
      action: 'member.roles_changed',
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: member.label,
      before: { roles: before },
      after: { roles: after },
    };
  });
  // One statement per slice rather than one per member: a role can have thousands of holders.
  for (let start = 0; start < entries.length; start += AUDIT_SLICE) {
    await tx.insert(auditLog).values(entries.slice(start, start + AUDIT_SLICE));
  }
  return [...members.keys()];
}
