import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Tx } from '@/db/client';
import { roleGrants, roles } from '@/db/schema';
import { isSystemPermission } from '@/lib/access/catalogue';
import { assertHolds, type Actor } from '@/lib/access/checks';
import { beyondActor } from '@/lib/access/escalation';
import { accessCache } from '@/lib/access/process-cache';
import { type RoleInput } from '@/lib/access/resolver';
import type { RequestMeta } from '@/lib/http/client';
import { PRIVILEGES_MAX } from '@/lib/validation/access';
import type { ToggleMatrixCellInput } from '@/lib/validation/role-matrix';
import { writeAccessChange } from '@/lib/dal/access/write-access-change';
import { DalError } from '@/lib/dal/core/errors';
import { roleNotFound } from './change-role-graph';
import { type MatrixColumnUpdate } from '@/lib/types/role-matrix';

function staleCell(roleName: string) {
  return new DalError('conflict', `Someone else changed “${roleName}” since the matrix was loaded: its cells now show the current state. Make your change again if it is still needed.`);
}

/**
 * Grants or removes one permission or privilege on one custom role: one matrix cell. Needs roles.manage.
 * Its own operation, one short transaction: a version-guarded UPDATE of the role (a stale version, a
 * built-in role or another account's role changes nothing), its own grants read under that row lock, one
 * INSERT or DELETE, the audit entry (`role.grant_changed`) and the NOTIFY; then the role is applied to this
 * process's cache in place. The rules are updateRole's for a one-name change: nothing the actor does not
 * hold themselves (the role and every role based on it gain or lose exactly that name), no more than
 * PRIVILEGES_MAX custom privileges, no change to a broken role (judged on the account's compiled graph
 * in memory: a grant never changes the graph's shape). Answers the role's own grants as saved and its new
 * version: the roles based on it follow from their chains on the page, with no further query.
 */
export async function setRoleGrant(actor: Actor, input: ToggleMatrixCellInput, meta?: RequestMeta): Promise<{ column: MatrixColumnUpdate }> {
  const { access, account } = await accessCache().getAccess(actor.accountId, actor.membershipId);
  assertHolds(access, 'roles.manage');
  const beyond = beyondActor(access, [input.name]);
  if (beyond.length > 0) throw new DalError('forbidden', `You cannot grant or remove what you do not hold yourself: ${beyond.join(', ')}.`);
  const broken = account.broken.get(input.roleId);
  if (broken) throw new DalError('invalid', broken.message, { baseRoleId: broken.message });
  const system = isSystemPermission(input.name);
  const kind = system ? 'permission' : 'privilege';
  const roleOf = (saved: SavedGrants): RoleInput => ({ id: input.roleId, name: saved.name, baseRoleId: saved.baseRoleId, permissions: [...saved.permissions].sort(), privileges: [...saved.privileges].sort() });
  const saved = await writeAccessChange(actor, (saved: SavedGrants) => ({ accountId: actor.accountId, role: roleOf(saved) }), async ({ tx, audit }): Promise<SavedGrants> => {
    const [row] = await tx
      .update(roles)
      .set({ version: sql`${roles.version} + 1`, updatedAt: new Date() })
      .where(and(eq(roles.id, input.roleId), eq(roles.accountId, actor.accountId), eq(roles.version, input.version), isNull(roles.builtinKey)))
      .returning({ name: roles.name, baseRoleId: roles.baseRoleId, version: roles.version });
    if (!row) throw await whyNotSaved(tx, actor, input);
    const grants = await tx.select({ kind: roleGrants.kind, name: roleGrants.name }).from(roleGrants).where(eq(roleGrants.roleId, input.roleId));
    const permissions = new Set(grants.filter((grant) => grant.kind === 'permission').map((grant) => grant.name));
    const privileges = new Set(grants.filter((grant) => grant.kind === 'privilege').map((grant) => grant.name));
    const own = system ? permissions : privileges;
    if (own.has(input.name) === input.granted) {
      // Nothing to change (another tab made the same change): the version stays where it was.
      throw new NoChange({ name: row.name, baseRoleId: row.baseRoleId, version: row.version - 1, permissions, privileges });
    }
    if (input.granted && !system && privileges.size >= PRIVILEGES_MAX) {
      throw new DalError('invalid', `“${row.name}” already carries ${PRIVILEGES_MAX} custom privileges, the most a role can.`);
    }
    if (input.granted) {
      await tx.insert(roleGrants).values({ roleId: input.roleId, kind, name: input.name });
      own.add(input.name);
    } else {
      await tx.delete(roleGrants).where(and(eq(roleGrants.roleId, input.roleId), eq(roleGrants.kind, kind), eq(roleGrants.name, input.name)));
      own.delete(input.name);
    }
    await audit({
      action: 'role.grant_changed',
      targetType: 'role',
      targetId: input.roleId,
      targetLabel: row.name,
      before: { [kind]: input.name, granted: !input.granted },
      after: { [kind]: input.name, granted: input.granted },
    });
    return { ...row, permissions, privileges };
  }, meta).catch((error: unknown) => {
    if (error instanceof NoChange) return { ...error.state, unchanged: true as const };
    throw error;
  });
  const own = [...saved.permissions, ...[...saved.privileges].filter((name) => !isSystemPermission(name))].sort();
  return { column: { id: input.roleId, version: saved.version, own } };
}

/** The state of a role when a cell asks for what it already holds: answered as it is, nothing written. */
class NoChange {
  constructor(readonly state: SavedGrants) {}
}

/** A role's own grants as a cell toggle leaves them (or found them), with its name, base and version. */
interface SavedGrants {
  name: string;
  baseRoleId: string | null;
  version: number;
  permissions: Set<string>;
  privileges: Set<string>;
}

/** Why the guarded UPDATE matched nothing: no such role here, a built-in role, or a version that moved on. */
async function whyNotSaved(tx: Tx, actor: Actor, input: ToggleMatrixCellInput): Promise<DalError> {
  const [role] = await tx.select({ name: roles.name, builtinKey: roles.builtinKey }).from(roles).where(and(eq(roles.id, input.roleId), eq(roles.accountId, actor.accountId)));
  if (!role) return roleNotFound();
  if (role.builtinKey) return new DalError('forbidden', `“${role.name}” is a built-in role: it cannot be changed. Create a custom role based on it instead.`);
  return staleCell(role.name);
}
