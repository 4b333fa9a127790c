import 'server-only';
import { eq } from 'drizzle-orm';
import { type Tx } from '@/db/client';
import { accounts, roleGrants } from '@/db/schema';
import type { Actor } from '@/lib/access/checks';
import { compileRolesTolerant, type CompiledGraph } from '@/lib/access/compile-graph';
import { type RoleInput } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import type { RequestMeta } from '@/lib/http/client';
import { loadAccountRoles } from '@/lib/dal/access/load-access';
import { writeAccessChange, type AccessChangeMade, type AccessWrite } from '@/lib/dal/access/write-access-change';
import { DalError } from '@/lib/dal/core/errors';

// What the role functions (lib/dal/roles/list-roles.ts, lib/dal/roles/delete-role.ts, lib/dal/roles/duplicate-role.ts) share.

export const isUniqueViolation = (error: unknown) => /roles_account_name_unique/.test(errorText(error));

/** A foreign key refused the write: a row appeared (or went) between our reads and our write. */
export const isForeignKeyViolation = (error: unknown) => /foreign key|violates foreign/i.test(errorText(error));

function errorText(error: unknown): string {
  return `${(error as Error).message} ${(error as { cause?: Error }).cause?.message ?? ''}`;
}

/**
 * Serializes changes to one account's role graph: locks the account's row until the transaction ends, so
 * a second change waits and then reads what the first one stored. FOR NO KEY UPDATE rather than FOR
 * UPDATE: it conflicts with itself, but not with the key-share locks that inserts referencing the account
 * (audit entries, members) take, so those are not held up. Refuses an account that no longer exists.
 */
export async function lockRoleGraph(tx: Tx, accountId: string): Promise<void> {
  const [row] = await tx.select({ id: accounts.id }).from(accounts).where(eq(accounts.id, accountId)).for('no key update');
  if (!row) throw new DalError('not_found', 'This account no longer exists.');
}

/**
 * The one write path for an account's role graph (base roles, grants, deletes, copies), through
 * writeAccessChange: in one transaction, locks the graph, loads the roles as they are now and hands them
 * to `change`, which checks everything again against them, writes and audits; the account's change is then
 * announced and applied (`changed` adds what the result says: the saved role, the members moved). Checks
 * made before the transaction only give early answers: the ones inside `change` decide. Reads inside
 * `change` use its `tx`.
 */
export function changeRoleGraph<T>(
  actor: Actor,
  changed: (result: T) => Omit<AccessChangeMade, 'accountId'>,
  change: (access: AccessWrite, current: RoleInput[]) => Promise<T>,
  meta?: RequestMeta,
): Promise<T> {
  const made = (result: T) => ({ accountId: actor.accountId, ...changed(result) });
  return writeAccessChange(actor, made, async (access) => {
    await lockRoleGraph(access.tx, actor.accountId);
    return change(access, await loadAccountRoles(actor.accountId, access.tx));
  }, meta);
}

/** The account's roles compiled as stored: a broken part (see compileRolesTolerant) grants nothing. */
export function compileAccount(roleInputs: readonly RoleInput[]): CompiledGraph {
  return compileRolesTolerant(SYSTEM_SPACE, roleInputs);
}

/**
 * Compiles the account's roles as a change would leave them, refusing (invalid) a change that breaks a
 * role that was not broken before (a cycle, a chain over the limit, a missing or broken base) or that
 * leaves one of the `changed` roles broken. Roles already broken and not touched stay as they are, so an
 * account with a broken part can still change the rest (and repair the broken part).
 */
export function compileOrRefuse(after: readonly RoleInput[], before: CompiledGraph, changed: readonly string[]): CompiledGraph {
  const graph = compileAccount(after);
  const wrong = [...graph.broken.values()].filter((role) => changed.includes(role.id) || !before.broken.has(role.id));
  if (wrong.length > 0) {
    // The cause first (the circle, the chain too deep) rather than a role merely based on it.
    const shown = wrong.find((role) => role.code !== 'broken_base') ?? wrong[0]!;
    throw new DalError('invalid', shown.message, { baseRoleId: shown.message });
  }
  return graph;
}

/** Refuses to use a broken role (as a base, a copy's original, a role to move members to). */
export function refuseIfBroken(graph: CompiledGraph, roleId: string, field: string): void {
  const broken = graph.broken.get(roleId);
  if (!broken) return;
  const message = `“${broken.name}” is broken and grants nothing until it is fixed: ${broken.message}`;
  throw new DalError('invalid', message, { [field]: message });
}

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
