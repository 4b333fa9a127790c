import 'server-only';
import { and, count, eq, ne } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { membershipOverrides, membershipRoles, memberships, roles, users } from '@/db/schema';
import { explainPermission, type Explanation } from '@/lib/access/explain';
import { beyondActor, compileRoles, listGranted, resolveAccess } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import type { RequestMeta } from '@/lib/http/client';
import type { MemberOverridesInput } from '@/lib/validation/access';
import { accessCache, afterAccessChange, loadAccountRoles, notifyAccessChange, requirePermission, type Actor } from './access';
import { recordAudit } from './audit';
import { DalError } from './errors';
import { roleIdsInAccount } from './roles';

interface Target {
  id: string;
  userId: string;
  status: 'active' | 'deactivated' | 'pending';
  label: string;
  roles: { id: string; name: string; builtinKey: string | null }[];
}

/** A membership of the actor's account, or not found: another account's member looks like nobody. */
async function targetMembership(actor: Actor, membershipId: string): Promise<Target> {
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

const isOwner = (target: { roles: { builtinKey: string | null }[] }) => target.roles.some((role) => role.builtinKey === 'owner');

/** Refuses (forbidden) an actor who is not an Owner acting on an Owner's membership. */
async function assertMayChange(actor: Actor, target: Target): Promise<void> {
  if (!isOwner(target)) return;
  const own = await targetMembership(actor, actor.membershipId);
  if (!isOwner(own)) throw new DalError('forbidden', 'Only an Owner can change an Owner’s membership.');
}

/**
 * Replaces the roles a member holds. Needs users.manage; refuses roles of another account, any role that
 * would give the member more than the actor holds, a non-Owner changing an Owner, and removing the
 * account's last active Owner.
 */
export async function setMemberRoles(actor: Actor, membershipId: string, roleIds: string[], meta?: RequestMeta): Promise<void> {
  const actorAccess = await requirePermission(actor, 'users.manage');
  const target = await targetMembership(actor, membershipId);
  await assertMayChange(actor, target);
  const picked = await roleIdsInAccount(actor.accountId, roleIds);
  if (picked.length !== roleIds.length) throw new DalError('invalid', 'Pick roles of this account.', { roleIds: 'Unknown role.' });

  const compiled = compileRoles(SYSTEM_SPACE, await loadAccountRoles(actor.accountId));
  const granted = listGranted(resolveAccess(SYSTEM_SPACE, compiled, roleIds));
  const beyond = beyondActor(actorAccess, [...granted.permissions, ...granted.privileges]);
  if (beyond.length > 0) {
    throw new DalError('forbidden', `You cannot assign a role with more than you hold yourself. Beyond your permissions: ${beyond.join(', ')}.`);
  }

  const db = await getDb();
  await db.transaction(async (tx) => {
    if (isOwner(target) && target.status === 'active' && !picked.some((role) => role.builtinKey === 'owner')) {
      const [others] = await tx
        .select({ owners: count() })
        .from(memberships)
        .innerJoin(membershipRoles, eq(membershipRoles.membershipId, memberships.id))
        .innerJoin(roles, eq(roles.id, membershipRoles.roleId))
        .where(and(eq(memberships.accountId, actor.accountId), eq(memberships.status, 'active'), eq(roles.builtinKey, 'owner'), ne(memberships.id, membershipId)));
      if (Number(others?.owners ?? 0) === 0) throw new DalError('conflict', 'The account must keep at least one active Owner. Make someone else an Owner first.');
    }
    await tx.delete(membershipRoles).where(eq(membershipRoles.membershipId, membershipId));
    await tx.insert(membershipRoles).values(roleIds.map((roleId) => ({ membershipId, roleId })));
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: 'member.roles_changed',
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: target.label,
      before: { roles: target.roles.map((role) => role.name) },
      after: { roles: picked.map((role) => role.name) },
      meta,
    });
    await notifyAccessChange(tx, { membershipIds: [membershipId] });
  });
  afterAccessChange({ membershipIds: [membershipId] });
}

/**
 * Replaces a member's overrides: single permissions granted or denied (deny wins) and modules hidden from
 * their menu. Needs users.manage; refuses granting what the actor does not hold and a non-Owner changing
 * an Owner.
 */
export async function setMemberOverrides(actor: Actor, input: MemberOverridesInput, meta?: RequestMeta): Promise<void> {
  const actorAccess = await requirePermission(actor, 'users.manage');
  const target = await targetMembership(actor, input.membershipId);
  await assertMayChange(actor, target);
  const beyond = beyondActor(actorAccess, input.grants);
  if (beyond.length > 0) throw new DalError('forbidden', `You cannot grant what you do not hold yourself: ${beyond.join(', ')}.`);

  const db = await getDb();
  await db.transaction(async (tx) => {
    const previous = await tx
      .select({ kind: membershipOverrides.kind, name: membershipOverrides.name })
      .from(membershipOverrides)
      .where(eq(membershipOverrides.membershipId, input.membershipId));
    await tx.delete(membershipOverrides).where(eq(membershipOverrides.membershipId, input.membershipId));
    const rows = [
      ...input.grants.map((name) => ({ membershipId: input.membershipId, kind: 'grant' as const, name })),
      ...input.denies.map((name) => ({ membershipId: input.membershipId, kind: 'deny' as const, name })),
      ...input.hiddenModules.map((name) => ({ membershipId: input.membershipId, kind: 'hide_module' as const, name })),
    ];
    if (rows.length > 0) await tx.insert(membershipOverrides).values(rows);
    const group = (list: { kind: string; name: string }[]) => ({
      grants: list.filter((row) => row.kind === 'grant').map((row) => row.name),
      denies: list.filter((row) => row.kind === 'deny').map((row) => row.name),
      hiddenModules: list.filter((row) => row.kind === 'hide_module').map((row) => row.name),
    });
    await recordAudit(tx, {
      accountId: actor.accountId,
      actorUserId: actor.userId,
      actorName: actor.name,
      action: 'member.overrides_changed',
      targetType: 'membership',
      targetId: input.membershipId,
      targetLabel: target.label,
      before: group(previous),
      after: group(rows),
      meta,
    });
    await notifyAccessChange(tx, { membershipIds: [input.membershipId] });
  });
  afterAccessChange({ membershipIds: [input.membershipId] });
}

/** Why a member holds a permission or not (the resolver's explanation). Needs users.manage, or to be that member. */
export async function explainMemberPermission(actor: Actor, membershipId: string, name: string): Promise<Explanation> {
  if (membershipId !== actor.membershipId) await requirePermission(actor, 'users.manage');
  await targetMembership(actor, membershipId);
  const { account, member } = await accessCache().getAccess(actor.accountId, membershipId);
  return explainPermission(SYSTEM_SPACE, account.roles, account.compiled, member.roleIds, member.overrides, name);
}
