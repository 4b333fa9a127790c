import 'server-only';
import { asc, eq, sql } from 'drizzle-orm';
import { getDb, type Tx } from '@/db/client';
import { groupMembers, groupRoles, groups, licencePools, membershipLicences, membershipOverrides, membershipRoles, roleGrants, roles } from '@/db/schema';
import type { MemberInput } from '@/lib/access/account-access';
import { BUILTIN_GRANTS } from '@/lib/access/builtin-roles';
import type { LicenceInput } from '@/lib/access/licences';
import { memberRoleIds, type GroupRoles } from '@/lib/access/member-roles';
import { PERMISSION_NAMES, permissionBit, SYSTEM_SPACE } from '@/lib/access/catalogue';
import type { PermissionSpace } from '@/lib/access/permission-space';
import type { RoleInput } from '@/lib/access/resolver';

// The database side of the access cache (lib/access/process-cache.ts): what it loads, and the NOTIFY and
// LISTEN it sends and hears. Only reads and channel plumbing live here; every rule lives in lib/access.

/** What reads can run on: the database, or a transaction (so a write can re-read inside its own). */
export type Reader = Pick<Tx, 'select'>;

// The catalogue as an SQL array literal, so the database numbers each granted permission by its bit
// (array_position is 1-based): the compiler then reads no permission's name. The names are code constants of
// one safe shape; checked here all the same, since they are written into the SQL text.
if (!PERMISSION_NAMES.every((name) => /^[a-z0-9_.]+$/.test(name))) throw new Error('A permission name cannot be written into SQL as it is.');
const CATALOGUE = sql.raw(`'{${PERMISSION_NAMES.join(',')}}'::text[]`);

// The built-in roles' grants come from code: their bits too, computed once.
const BUILTIN_BITS = Object.fromEntries(Object.entries(BUILTIN_GRANTS).map(([key, names]) => [key, names.map((name): number => permissionBit(name))])) as Record<keyof typeof BUILTIN_GRANTS, number[]>;

type LoadedRole = RoleInput & { permissions: string[]; privileges: string[]; permissionBits: { space: PermissionSpace; of: string[]; bits: number[] } };

/**
 * Loads one account's roles as the resolver takes them: built-in grants from code, custom ones from
 * role_grants. The database also numbers what it can so the resolver hashes no name on a cold load: each
 * role's place in the list (by name), its base's place, and each permission's bit in SYSTEM_SPACE. Pass
 * the transaction to read inside it (on PGlite, a read outside waits for it to end).
 */
export async function loadAccountRoles(accountId: string, reader?: Reader): Promise<RoleInput[]> {
  const db = reader ?? (await getDb());
  // Each copy names its position column after itself: drizzle does not qualify a computed column.
  const ranked = <Alias extends string>(alias: Alias) =>
    db
      .select({
        id: roles.id,
        name: roles.name,
        builtinKey: roles.builtinKey,
        baseRoleId: roles.baseRoleId,
        position: sql<number>`(row_number() over (order by ${roles.name}, ${roles.id}) - 1)::int`.as(`${alias}_position`),
      })
      .from(roles)
      .where(eq(roles.accountId, accountId))
      .as(alias);
  const role = ranked('role');
  const base = ranked('base');
  const rows = await db
    .select({
      id: role.id,
      name: role.name,
      builtinKey: role.builtinKey,
      baseRoleId: role.baseRoleId,
      position: role.position,
      basePosition: base.position,
      kind: roleGrants.kind,
      grant: roleGrants.name,
      bit: sql<number | null>`(array_position(${CATALOGUE}, ${roleGrants.name}) - 1)::int`,
    })
    .from(role)
    .leftJoin(base, eq(base.id, role.baseRoleId))
    .leftJoin(roleGrants, eq(roleGrants.roleId, role.id))
    .orderBy(asc(role.position));
  // Rows come in role order, a role's rows together: a role starts where the position moves on.
  const loaded: LoadedRole[] = [];
  for (const row of rows) {
    let current = loaded[loaded.length - 1];
    if (current === undefined || row.position !== loaded.length - 1) {
      const permissions = row.builtinKey ? [...BUILTIN_GRANTS[row.builtinKey]] : [];
      current = {
        id: row.id,
        name: row.name,
        baseRoleId: row.baseRoleId,
        basePosition: row.basePosition,
        permissions,
        permissionBits: { space: SYSTEM_SPACE, of: permissions, bits: row.builtinKey ? [...BUILTIN_BITS[row.builtinKey]] : [] },
        privileges: [],
        ...(row.builtinKey === 'owner' ? { allPrivileges: true } : {}),
      };
      loaded.push(current);
    }
    if (row.builtinKey || !row.grant) continue;
    if (row.kind === 'permission') {
      current.permissions.push(row.grant);
      // A name the catalogue no longer has grants nothing (-1: no bit), as its lookup by name would.
      current.permissionBits.bits.push(row.bit ?? -1);
    } else {
      current.privileges.push(row.grant);
    }
  }
  return loaded;
}

/**
 * One membership's roles and overrides, as the cache takes them: its roles are its own and those of every
 * group it belongs to (memberRoleIds: each once, in one order, so equal sets share one compiled access).
 */
export async function loadMemberInput(membershipId: string): Promise<Omit<MemberInput, 'memo'>> {
  const db = await getDb();
  const [roleRows, overrideRows, licenceRows] = await Promise.all([
    db
      .select({ roleId: membershipRoles.roleId })
      .from(membershipRoles)
      .where(eq(membershipRoles.membershipId, membershipId))
      .union(
        db
          .select({ roleId: groupRoles.roleId })
          .from(groupMembers)
          .innerJoin(groupRoles, eq(groupRoles.groupId, groupMembers.groupId))
          .where(eq(groupMembers.membershipId, membershipId)),
      ),
    db.select({ kind: membershipOverrides.kind, name: membershipOverrides.name }).from(membershipOverrides).where(eq(membershipOverrides.membershipId, membershipId)),
    db.select({ poolId: membershipLicences.poolId }).from(membershipLicences).where(eq(membershipLicences.membershipId, membershipId)),
  ]);
  const of = (kind: string) => overrideRows.filter((row) => row.kind === kind).map((row) => row.name);
  return {
    roleIds: memberRoleIds(roleRows.map((row) => row.roleId)),
    overrides: { grants: of('grant'), denies: of('deny'), hiddenModules: of('hide_module') },
    ...(licenceRows.length > 0 ? { licenceIds: licenceRows.map((row) => row.poolId).sort() } : {}),
  };
}

/** The licence pools a membership holds a seat of, sorted. */
export async function loadMemberLicenceIds(membershipId: string, reader?: Reader): Promise<string[]> {
  const db = reader ?? (await getDb());
  const rows = await db.select({ poolId: membershipLicences.poolId }).from(membershipLicences).where(eq(membershipLicences.membershipId, membershipId));
  return rows.map((row) => row.poolId).sort();
}

/** The account's licence pools as the resolver takes them (lib/access/licences.ts). */
export async function loadAccountLicences(accountId: string, reader?: Reader): Promise<LicenceInput[]> {
  const db = reader ?? (await getDb());
  const rows = await db
    .select({ id: licencePools.id, key: licencePools.key, name: licencePools.name, endsAt: licencePools.endsAt, permissions: licencePools.permissions, modules: licencePools.modules })
    .from(licencePools)
    .where(eq(licencePools.accountId, accountId))
    .orderBy(asc(licencePools.key));
  return rows.map((row) => ({ ...row, endsAt: row.endsAt ? row.endsAt.getTime() : null }));
}

/** The groups a membership belongs to, by name, each with the roles it carries (for explanations). */
export async function loadMemberGroups(membershipId: string, reader?: Reader): Promise<GroupRoles[]> {
  const db = reader ?? (await getDb());
  const rows = await db
    .select({ id: groups.id, name: groups.name, roleId: groupRoles.roleId })
    .from(groupMembers)
    .innerJoin(groups, eq(groups.id, groupMembers.groupId))
    .leftJoin(groupRoles, eq(groupRoles.groupId, groups.id))
    .where(eq(groupMembers.membershipId, membershipId))
    .orderBy(asc(sql`lower(${groups.name})`), asc(groups.id), asc(groupRoles.roleId));
  const byId = new Map<string, { id: string; name: string; roleIds: string[] }>();
  for (const row of rows) {
    let group = byId.get(row.id);
    if (!group) byId.set(row.id, (group = { id: row.id, name: row.name, roleIds: [] }));
    if (row.roleId) group.roleIds.push(row.roleId);
  }
  return [...byId.values()];
}
