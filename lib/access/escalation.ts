import { DalError } from '@/lib/dal/core/errors';
import { authorityOf, holds, listGranted, type EffectiveAccess } from './resolver';
import { type CompiledGraph } from './compile-graph';

/*
 * The escalation rules, in one place:
 * - nobody hands anyone more than they hold themselves: a role they assign, a grant they add, a role they
 *   create, edit, copy or delete (what it gives, or takes from its members), a member whose access they change;
 * - only an Owner changes an Owner's membership;
 * - the account always keeps an active Owner.
 * Pure: the data layer reads the facts (who holds what, who is an Owner, how many active Owners remain),
 * inside its transaction where it writes, and asks these functions; the pages ask the same ones to grey out
 * what the data layer would refuse.
 */

/** Every permission and privilege an access grants, by name (ALL_PRIVILEGES standing for "every custom privilege"). */
export function grantedNames(access: EffectiveAccess): string[] {
  const { permissions, privileges } = listGranted(access);
  return [...permissions, ...privileges];
}

/**
 * Names the actor does not hold themselves: what they may not hand to anyone else. Held as their roles and
 * overrides give it, before licence gating (authorityOf): a licence limits what a member uses, not what an
 * administrator may assign, so an Admin without a CRM seat still assigns a role that opens CRM.
 */
export function beyondActor(actor: EffectiveAccess, names: Iterable<string>): string[] {
  const authority = authorityOf(actor);
  return [...new Set(names)].filter((name) => !holds(authority, name)).sort();
}

/** Whether the actor holds every one of these names, and so may hand them to someone. */
export function mayHandOut(actor: EffectiveAccess, names: Iterable<string>): boolean {
  return beyondActor(actor, names).length === 0;
}

/** Whether the actor holds everything the role grants (and so may assign it, or move members onto it). */
export function mayAssign(actor: EffectiveAccess, role: EffectiveAccess): boolean {
  return mayHandOut(actor, grantedNames(role));
}

const NOTHING: ReadonlySet<string> = new Set();

/**
 * What roles gain going from `from` to `to`, by name (swap the arguments for what they lose), over the
 * roles `to` compiles: a role broken in `from` held nothing there; a role absent from `from` (new, or
 * gone) is left to the caller. The actor must hold all of it (beyondActor) to make the change.
 */
export function changedNames(from: CompiledGraph, to: CompiledGraph): string[] {
  const changed = new Set<string>();
  for (const [id, role] of to.compiled) {
    const before = from.compiled.get(id);
    if (!before && !from.broken.has(id)) continue;
    const had = before ? new Set(grantedNames(before)) : NOTHING;
    for (const name of grantedNames(role)) if (!had.has(name)) changed.add(name);
  }
  return [...changed];
}

// ---- Owners ---------------------------------------------------------------------------------------------

/** A membership as the Owner rules see it: its roles (the built-in Owner role among them or not). */
export interface RoleHolder {
  roles: readonly { builtinKey: string | null }[];
}

/** Whether the membership holds the built-in Owner role (a role based on Owner is not the Owner role). */
export const isOwner = (member: RoleHolder) => member.roles.some((role) => role.builtinKey === 'owner');

/** The refusal, in the words the pages show too. */
export const ONLY_AN_OWNER = 'Only an Owner can change an Owner’s membership.';

/** Only an Owner changes an Owner's membership (roles, overrides, status, access end, password, sessions, deletion). */
export function mayChangeMembership(actorIsOwner: boolean, targetIsOwner: boolean): boolean {
  return actorIsOwner || !targetIsOwner;
}

/**
 * Refuses (forbidden) an actor who is not an Owner changing an Owner's membership. Whether the actor is an
 * Owner is a read: it is asked only when the target is one.
 */
export async function assertMayChangeMembership(target: RoleHolder, actorIsOwner: () => Promise<boolean>): Promise<void> {
  if (isOwner(target) && !mayChangeMembership(await actorIsOwner(), true)) throw new DalError('forbidden', ONLY_AN_OWNER);
}

/** A membership's standing before or after a change, as the last-Owner rule sees it. */
export interface OwnerStanding {
  owner: boolean;
  active: boolean;
}

/** Whether a change takes an active Owner away: their Owner role removed, or their membership no longer active. */
export function removesActiveOwner(before: OwnerStanding, after: OwnerStanding): boolean {
  return before.owner && before.active && !(after.owner && after.active);
}

/** Refuses (conflict) such a change when no other active Owner remains (`otherActiveOwners`, counted in the transaction). */
export function assertKeepsAnActiveOwner(otherActiveOwners: number): void {
  if (otherActiveOwners === 0) {
    throw new DalError('conflict', 'The account must keep at least one active Owner. Make someone else an Owner first.');
  }
}
