import 'server-only';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { type Tx } from '@/db/client';
import { groupMembers, groupRoles, groups, roles } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import { compileRolesTolerant } from '@/lib/access/compile-graph';
import { beyondActor, grantedNames } from '@/lib/access/escalation';
import { resolveAccess, type EffectiveAccess, type RoleInput } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { violatedConstraint } from '@/lib/dal/core/constraint';
import { DalError } from '@/lib/dal/core/errors';
import { notMembers } from './organization-writes';

// What the group functions (groups.ts, group-members.ts, group-deletion-preview.ts) share: the group's row
// and roles read inside the write's transaction, and the escalation rule as groups meet it.

export const groupNotFound = () => new DalError('not_found', 'That group does not exist in this account.');

export interface LockedGroup {
  id: string;
  name: string;
  email: string | null;
  description: string;
  /** The roles it carries, by name. */
  roles: { id: string; name: string }[];
}

/**
 * The group of the actor's account, with its roles, locked until the transaction ends: `update` for a change
 * of the group itself (its roles, its deletion), `share` for a change of its members, so members come and go
 * side by side but never while its roles change. Another account's group is not found.
 */
export async function lockGroup(tx: Tx, actor: Actor, groupId: string, mode: 'update' | 'share'): Promise<LockedGroup> {
  const [row] = await tx
    .select({ id: groups.id, name: groups.name, email: groups.email, description: groups.description })
    .from(groups)
    .where(and(eq(groups.id, groupId), eq(groups.accountId, actor.accountId)))
    .for(mode);
  if (!row) throw groupNotFound();
  const carried = await tx
    .select({ id: roles.id, name: roles.name })
    .from(groupRoles)
    .innerJoin(roles, eq(roles.id, groupRoles.roleId))
    .where(eq(groupRoles.groupId, groupId))
    .orderBy(asc(roles.name), asc(roles.id));
  return { ...row, roles: carried };
}

/** The group's members' ids (read in the transaction that locked the group). */
export async function groupMemberIds(tx: Tx, groupId: string): Promise<string[]> {
  const rows = await tx.select({ membershipId: groupMembers.membershipId }).from(groupMembers).where(eq(groupMembers.groupId, groupId));
  return rows.map((row) => row.membershipId);
}

/**
 * The roles of the actor's account among `roleIds`, read in the transaction. Refuses (not found, a field
 * message) an id that is not a role of this account, and (invalid) the built-in Owner role, which is given
 * to people: a group never carries it.
 */
export async function requireGroupableRoles(tx: Tx, actor: Actor, roleIds: readonly string[]): Promise<{ id: string; name: string }[]> {
  if (roleIds.length === 0) return [];
  const found = await tx
    .select({ id: roles.id, name: roles.name, builtinKey: roles.builtinKey })
    .from(roles)
    .where(and(eq(roles.accountId, actor.accountId), inArray(roles.id, [...roleIds])));
  if (found.length !== roleIds.length) throw new DalError('not_found', 'Some of these roles do not exist in this account. Nothing was changed.', { roleIds: 'Pick roles of this account.' });
  if (found.some((role) => role.builtinKey === 'owner')) {
    throw new DalError('invalid', 'A group cannot carry the Owner role: the Owner role is given to people, one by one.', { roleIds: 'The Owner role cannot be given to a group.' });
  }
  return found.map(({ id, name }) => ({ id, name }));
}

/** Every permission and privilege these roles grant through their chains, by name (a broken role grants nothing). */
export function grantedByRoles(current: readonly RoleInput[], roleIds: readonly string[]): string[] {
  if (roleIds.length === 0) return [];
  const { compiled } = compileRolesTolerant(SYSTEM_SPACE, current);
  return grantedNames(resolveAccess(SYSTEM_SPACE, compiled, roleIds));
}

/**
 * The escalation rule for groups: what a change gives or takes (the names the roles involved grant) must
 * all be held by the actor. Refuses (forbidden) with `message` followed by the names beyond them.
 */
export function assertWithinActor(actorAccess: EffectiveAccess, names: readonly string[], message: string, field?: string): void {
  const beyond = beyondActor(actorAccess, names);
  if (beyond.length === 0) return;
  const text = `${message} Beyond your permissions: ${beyond.join(', ')}.`;
  throw new DalError('forbidden', text, field ? { [field]: 'Beyond your permissions.' } : undefined);
}

/** What a refused write of a group means in the form's words; anything else is rethrown. */
export function explainGroupRefusal(error: unknown, name: string): never {
  if (error instanceof DalError) throw error;
  switch (violatedConstraint(error)) {
    case 'groups_account_name_unique':
      throw new DalError('conflict', `A group named “${name}” already exists.`, { name: 'That name is taken.' });
    case 'groups_email_shape':
      throw new DalError('invalid', 'Enter a valid email address, like name@example.com.', { email: 'Enter a valid email address, like name@example.com.' });
    case 'group_roles_role_fk':
      throw new DalError('conflict', 'One of these roles was deleted meanwhile. Nothing was changed; look again and retry.', { roleIds: 'Pick roles of this account.' });
    case 'group_members_membership_fk':
      throw notMembers();
  }
  throw error;
}
