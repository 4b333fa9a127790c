import 'server-only';
import { and, count, eq, ne } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { membershipRoles, memberships, roles, users } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import { assertMayChangeMembership, isOwner } from '@/lib/access/escalation';
import { DalError } from '@/lib/dal/core/errors';

export interface Target {
  id: string;
  userId: string;
  status: 'active' | 'deactivated' | 'pending';
  label: string;
  roles: { id: string; name: string; builtinKey: string | null }[];
}

/** A membership of the actor's account, or not found: another account's member looks like nobody. */
export async function targetMembership(actor: Actor, membershipId: string): Promise<Target> {
  const db = await getDb();
  const rows = await db
    .select({
      id: memberships.id,
      userId: memberships.userId,
      status: memberships.status,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
      roleId: roles.id,
      roleName: roles.name,
      builtinKey: roles.builtinKey,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(membershipRoles, eq(membershipRoles.membershipId, memberships.id))
    .leftJoin(roles, eq(roles.id, membershipRoles.roleId))
    .where(and(eq(memberships.id, membershipId), eq(memberships.accountId, actor.accountId)));
  const first = rows[0];
  if (!first) throw new DalError('not_found', 'That user is not a member of this account.');
  return {
    id: first.id,
    userId: first.userId,
    status: first.status,
    label: `${first.firstName} ${first.lastName}`.trim() || first.email,
    roles: rows.filter((row) => row.roleId).map((row) => ({ id: row.roleId!, name: row.roleName!, builtinKey: row.builtinKey })),
  };
}

/** Whether the actor is an Owner of their account (read from their own membership). */
export async function actorIsOwner(actor: Actor): Promise<boolean> {
  return isOwner(await targetMembership(actor, actor.membershipId));
}

/** The Owner rule (escalation.ts) for this target: refuses (forbidden) a non-Owner changing an Owner's membership. */
export function assertMayChange(actor: Actor, target: Target): Promise<void> {
  return assertMayChangeMembership(target, () => actorIsOwner(actor));
}

/** How many active Owners the account has besides this membership, read in the caller's transaction. */
export async function countOtherActiveOwners(tx: Tx, accountId: string, membershipId: string): Promise<number> {
  const [others] = await tx
    .select({ owners: count() })
    .from(memberships)
    .innerJoin(membershipRoles, eq(membershipRoles.membershipId, memberships.id))
    .innerJoin(roles, eq(roles.id, membershipRoles.roleId))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.status, 'active'), eq(roles.builtinKey, 'owner'), ne(memberships.id, membershipId)));
  return Number(others?.owners ?? 0);
}
