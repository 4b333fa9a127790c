import 'server-only';
import type { Tx } from '@/db/client';
import { roleGrants } from '@/db/schema';
import { AccessGraphError, beyondActor, compileRoles, hasPermission, listGranted, type CompiledRole, type EffectiveAccess, type RoleInput } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import type { RequestMeta } from '@/lib/http/client';
import { requirePermission, type Actor } from './access';
import { DalError } from './errors';

// What the role functions (roles.ts, role-delete.ts, role-duplicate.ts) share.

export const isUniqueViolation = (error: unknown) => /roles_account_name_unique/.test(errorText(error));

/** A foreign key refused the write: a row appeared (or went) between our reads and our write. */
export const isForeignKeyViolation = (error: unknown) => /foreign key|violates foreign/i.test(errorText(error));

function errorText(error: unknown): string {
  return `${(error as Error).message} ${(error as { cause?: Error }).cause?.message ?? ''}`;
}

/** Compiles the account's roles, turning a cycle, a too deep chain or a missing base into an `invalid` refusal. */
export function compileOrRefuse(roleInputs: RoleInput[]): Map<string, CompiledRole> {
  try {
    return compileRoles(SYSTEM_SPACE, roleInputs);
  } catch (error) {
    if (error instanceof AccessGraphError) throw new DalError('invalid', error.message, { baseRoleId: error.message });
    throw error;
  }
}

/** Every permission and privilege a compiled role grants, by name. */
export function namesOf(role: EffectiveAccess): string[] {
  const { permissions, privileges } = listGranted(role);
  return [...permissions, ...privileges];
}

/** Whether the actor holds everything the role grants (and so may hand it to someone). */
export function mayAssign(actorAccess: EffectiveAccess, role: EffectiveAccess): boolean {
  return beyondActor(actorAccess, namesOf(role)).length === 0;
}

export const holds = (access: EffectiveAccess, name: string) => hasPermission(access, name);

export const auditBase = (actor: Actor, meta?: RequestMeta) => ({ accountId: actor.accountId, actorUserId: actor.userId, actorName: actor.name, meta });

export async function insertGrants(tx: Tx, roleId: string, permissions: readonly string[], privileges: readonly string[]) {
  const rows = [
    ...permissions.map((name) => ({ roleId, kind: 'permission' as const, name })),
    ...privileges.map((name) => ({ roleId, kind: 'privilege' as const, name })),
  ];
  if (rows.length > 0) await tx.insert(roleGrants).values(rows);
}

export function staleRole() {
  return new DalError('conflict', 'Someone else changed this role since you opened it. Reload to see their changes, then make yours again.');
}

export const roleNotFound = () => new DalError('not_found', 'That role does not exist in this account.');

/** Throws the last refusal unless the actor holds one of the permissions; returns their access. */
export async function requireAnyPermission(actor: Actor, permissions: string[]): Promise<EffectiveAccess> {
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
