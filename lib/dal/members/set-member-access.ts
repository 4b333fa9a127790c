import 'server-only';
import { eq } from 'drizzle-orm';
import { membershipOverrides, membershipRoles } from '@/db/schema';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { assertKeepsAnActiveOwner, beyondActor, isOwner, removesActiveOwner } from '@/lib/access/escalation';
import { explainPermission, type Explanation } from '@/lib/access/explain';
import { accessCache } from '@/lib/access/process-cache';
import { compileRolesTolerant } from '@/lib/access/compile-graph';
import { rolesThroughGroups } from '@/lib/access/member-roles';
import { listGranted, resolveAccess } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import type { RequestMeta } from '@/lib/http/client';
import type { MemberOverridesInput } from '@/lib/validation/access';
import { loadAccountRoles, loadMemberGroups, loadMemberLicenceIds } from '@/lib/dal/access/load-access';
import { writeAccessChange } from '@/lib/dal/access/write-access-change';
import { insertOverrides } from '@/lib/dal/setup/provision-account';
import { DalError } from '@/lib/dal/core/errors';
import { assertMayChange, countOtherActiveOwners, targetMembership } from './target-membership';
import { roleIdsInAccount } from '@/lib/dal/roles/list-roles';

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

  const compiled = compileRolesTolerant(SYSTEM_SPACE, await loadAccountRoles(actor.accountId)).compiled;
  const granted = listGranted(resolveAccess(SYSTEM_SPACE, compiled, roleIds));
  const beyond = beyondActor(actorAccess, [...granted.permissions, ...granted.privileges]);
  if (beyond.length > 0) {
    throw new DalError('forbidden', `You cannot assign a role with more than you hold yourself. Beyond your permissions: ${beyond.join(', ')}.`);
  }

  await writeAccessChange(actor, { membershipIds: [membershipId] }, async ({ tx, audit }) => {
    const active = target.status === 'active';
    if (removesActiveOwner({ owner: isOwner(target), active }, { owner: isOwner({ roles: picked }), active })) {
      assertKeepsAnActiveOwner(await countOtherActiveOwners(tx, actor.accountId, membershipId));
    }
    await tx.delete(membershipRoles).where(eq(membershipRoles.membershipId, membershipId));
    await tx.insert(membershipRoles).values(roleIds.map((roleId) => ({ membershipId, roleId })));
    await audit({
      action: 'member.roles_changed',
      targetType: 'membership',
      targetId: membershipId,
      targetLabel: target.label,
      before: { roles: target.roles.map((role) => role.name) },
      after: { roles: picked.map((role) => role.name) },
    });
  }, meta);
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

  await writeAccessChange(actor, { membershipIds: [input.membershipId] }, async ({ tx, audit }) => {
    const previous = await tx
      .select({ kind: membershipOverrides.kind, name: membershipOverrides.name })
      .from(membershipOverrides)
      .where(eq(membershipOverrides.membershipId, input.membershipId));
    await tx.delete(membershipOverrides).where(eq(membershipOverrides.membershipId, input.membershipId));
    await insertOverrides(tx, input.membershipId, input);
    const group = (list: { kind: string; name: string }[]) => ({
      grants: list.filter((row) => row.kind === 'grant').map((row) => row.name),
      denies: list.filter((row) => row.kind === 'deny').map((row) => row.name),
      hiddenModules: list.filter((row) => row.kind === 'hide_module').map((row) => row.name),
    });
    await audit({
      action: 'member.overrides_changed',
      targetType: 'membership',
      targetId: input.membershipId,
      targetLabel: target.label,
      before: group(previous),
      after: { grants: input.grants, denies: input.denies, hiddenModules: input.hiddenModules },
    });
  }, meta);
}

/** Why a member holds a permission or not (the resolver's explanation). Needs users.manage, or to be that member. */
export async function explainMemberPermission(actor: Actor, membershipId: string, name: string): Promise<Explanation> {
  if (membershipId !== actor.membershipId) await requirePermission(actor, 'users.manage');
  const target = await targetMembership(actor, membershipId);
  const [{ account, member }, groups, licenceIds] = await Promise.all([accessCache().getAccess(actor.accountId, membershipId), loadMemberGroups(membershipId), loadMemberLicenceIds(membershipId)]);
  const through = rolesThroughGroups(target.roles.map((role) => role.id), groups);
  return explainPermission(SYSTEM_SPACE, account.roles, account.compiled, member.roleIds, member.overrides, name, through, { gate: account.gate, held: licenceIds });
}
