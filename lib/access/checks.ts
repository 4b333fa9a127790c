import 'server-only';
import { DalError } from '@/lib/dal/core/errors';
import { hasPermission, permissionDef, permissionName, type Permission, type PermissionBit } from './catalogue';
import { getMemberAccess } from './process-cache';
import type { EffectiveAccess } from './resolver';

/** Who is acting: the membership every data-layer function takes first and checks. */
export interface Actor {
  userId: string;
  name: string;
  accountId: string;
  membershipId: string;
}

/** Throws (forbidden) unless the actor holds the permission (a name, or its bit kept from `permissionBit`); returns their access for further checks. */
export async function requirePermission(actor: Actor, permission: Permission | PermissionBit): Promise<EffectiveAccess> {
  const access = await getMemberAccess(actor.accountId, actor.membershipId);
  assertHolds(access, permission);
  return access;
}

/** Throws (forbidden) unless the access already in hand holds the permission: for checks inside a transaction. */
export function assertHolds(access: EffectiveAccess, permission: Permission | PermissionBit): void {
  if (hasPermission(access, permission)) return;
  const name = typeof permission === 'number' ? permissionName(permission) : permission;
  const label = permissionDef(name)?.label ?? name;
  throw new DalError('forbidden', `You need the “${label}” permission (${name}) to do this.`);
}

/** Throws the last refusal unless the actor holds one of the permissions; returns their access. */
export async function requireAnyPermission(actor: Actor, permissions: readonly (Permission | PermissionBit)[]): Promise<EffectiveAccess> {
  let lastError: unknown;
  for (const permission of permissions) {
    try {
      return await requirePermission(actor, permission);
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}
