import 'server-only';
import { asc, eq } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { membershipOverrides, membershipRoles, roleGrants, roles } from '@/db/schema';
import type { MemberInput } from '@/lib/access/account-access';
import { BUILTIN_GRANTS } from '@/lib/access/builtin-roles';
import type { RoleInput } from '@/lib/access/resolver';

// The database side of the access cache (lib/access/process-cache.ts): what it loads, and the NOTIFY and
// LISTEN it sends and hears. Only reads and channel plumbing live here; every rule lives in lib/access.

/** What reads can run on: the database, or a transaction (so a write can re-read inside its own). */
export type Reader = Pick<Tx, 'select'>;

/**
 * Loads one account's roles as the resolver takes them: built-in grants from code, custom ones from
 * role_grants. Pass the transaction to read inside it (on PGlite, a read outside waits for it to end).
 */
export async function loadAccountRoles(accountId: string, reader?: Reader): Promise<RoleInput[]> {
  const db = reader ?? (await getDb());
  const rows = await db
    .select({ id: roles.id, name: roles.name, builtinKey: roles.builtinKey, baseRoleId: roles.baseRoleId, kind: roleGrants.kind, grant: roleGrants.name })
    .from(roles)
    .leftJoin(roleGrants, eq(roleGrants.roleId, roles.id))
    .where(eq(roles.accountId, accountId))
    .orderBy(asc(roles.name));
  const byId = new Map<string, RoleInput & { permissions: string[]; privileges: string[] }>();
  for (const row of rows) {
    const role = byId.get(row.id) ?? {
      id: row.id,
      name: row.name,
      baseRoleId: row.baseRoleId,
      permissions: row.builtinKey ? [...BUILTIN_GRANTS[row.builtinKey]] : [],
      privileges: [],
      ...(row.builtinKey === 'owner' ? { allPrivileges: true } : {}),
    };
    if (!row.builtinKey && row.grant) (row.kind === 'permission' ? role.permissions : role.privileges).push(row.grant);
    byId.set(row.id, role);
  }
  return [...byId.values()];
}

/** One membership's roles and overrides, as the cache takes them. */
export async function loadMemberInput(membershipId: string): Promise<Omit<MemberInput, 'memo'>> {
  const db = await getDb();
  const [roleRows, overrideRows] = await Promise.all([
    db.select({ roleId: membershipRoles.roleId }).from(membershipRoles).where(eq(membershipRoles.membershipId, membershipId)),
    db.select({ kind: membershipOverrides.kind, name: membershipOverrides.name }).from(membershipOverrides).where(eq(membershipOverrides.membershipId, membershipId)),
  ]);
  const of = (kind: string) => overrideRows.filter((row) => row.kind === kind).map((row) => row.name);
  return { roleIds: roleRows.map((row) => row.roleId), overrides: { grants: of('grant'), denies: of('deny'), hiddenModules: of('hide_module') } };
}
