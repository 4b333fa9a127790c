import 'server-only';
import { and, eq } from 'drizzle-orm';
import { getDb } from '@/db/client';
import { roleGrants, roles } from '@/db/schema';
import { BUILTIN_ROLES } from '@/lib/access/builtin-roles';
import { hasPermission, isSystemPermission, PERMISSIONS, type PermissionCategory } from '@/lib/access/catalogue';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { ALL_PRIVILEGES, holds, type EffectiveAccess } from '@/lib/access/resolver';
import type { RequestMeta } from '@/lib/http/client';
import { PRIVILEGES_MAX } from '@/lib/validation/access';
import type { ToggleMatrixCellInput } from '@/lib/validation/role-matrix';
import { DalError } from './errors';
import { listRoles, updateRole, type RoleView } from './roles';

/** One role as a matrix column: what it holds itself; the client walks `baseRoleId` for what it inherits. */
export interface MatrixColumn {
  id: string;
  name: string;
  builtinKey: string | null;
  baseRoleId: string | null;
  version: number;
  memberCount: number;
  /** "Salesperson ← User". */
  chain: string[];
  /** The system permissions and custom privileges the role holds itself. */
  own: string[];
  /** The Owner: every custom privilege, present and future. */
  allPrivileges: boolean;
}

/** What the header and the cells' words need of a column (not its grants). */
export type MatrixHead = Pick<MatrixColumn, 'id' | 'name' | 'builtinKey' | 'baseRoleId' | 'memberCount' | 'chain'>;

export type MatrixRowCategory = PermissionCategory | 'privilege';

export interface MatrixRow {
  name: string;
  label: string;
  description: string;
  category: MatrixRowCategory;
  /** Whether the viewer holds it themselves, and so may grant or remove it. */
  changeable: boolean;
}

export interface RoleMatrix {
  columns: MatrixColumn[];
  rows: MatrixRow[];
}

/**
 * Columns in reading order: built-in roles by rank, then custom roles depth-first from their base (each
 * base before the roles based on it, siblings by name), so a chain reads left to right.
 */
export function orderColumns<T extends { id: string; name: string; builtinKey: string | null; baseRoleId: string | null }>(roles: readonly T[]): T[] {
  const children = new Map<string | null, T[]>();
  for (const role of roles) {
    const siblings = children.get(role.baseRoleId) ?? [];
    siblings.push(role);
    children.set(role.baseRoleId, siblings);
  }
  for (const siblings of children.values()) siblings.sort((a, b) => a.name.localeCompare(b.name));
  const rank = (role: T) => (role.builtinKey ? (BUILTIN_ROLES[role.builtinKey as keyof typeof BUILTIN_ROLES]?.rank ?? 9) : 9);
  const roots = [...(children.get(null) ?? [])].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
  const custom: T[] = [];
  const visit = (role: T) => {
    for (const child of children.get(role.id) ?? []) {
      custom.push(child);
      visit(child);
    }
  };
  roots.forEach(visit);
  // Roles in a circle (a graph broken around the checks) hang from no root: shown last, so they can be fixed.
  const listed = new Set([...roots, ...custom]);
  const stranded = roles.filter((role) => !listed.has(role)).sort((a, b) => a.name.localeCompare(b.name));
  return [...roots, ...custom, ...stranded];
}

function columnOf(role: RoleView): MatrixColumn {
  return {
    id: role.id,
    name: role.name,
    builtinKey: role.builtinKey,
    baseRoleId: role.baseRoleId,
    version: role.version,
    memberCount: role.memberCount,
    chain: role.chain.map((link) => link.name),
    // A privilege named like a system permission grants nothing (the system permission wins): not the row's.
    own: [...role.ownPermissions, ...role.privileges.filter((name) => !isSystemPermission(name))],
    allPrivileges: role.effectivePrivileges.includes(ALL_PRIVILEGES),
  };
}

function rowsOf(views: readonly RoleView[], viewer: EffectiveAccess): MatrixRow[] {
  const privileges = new Set<string>();
  for (const view of views) for (const name of view.privileges) if (!isSystemPermission(name)) privileges.add(name);
  return [
    ...(['module', 'operational', 'functional'] as const).flatMap((category) =>
      PERMISSIONS.filter((permission) => permission.category === category).map((permission) => ({
        name: permission.name,
        label: permission.label,
        description: permission.description,
        category,
        changeable: hasPermission(viewer, permission.name),
      })),
    ),
    ...[...privileges].sort().map((name) => ({ name, label: name, description: 'Custom privilege', category: 'privilege' as const, changeable: holds(viewer, name) })),
  ];
}

/** The permission matrix of the actor's account: every role against every permission and custom privilege. Needs roles.manage. */
export async function getRoleMatrix(actor: Actor): Promise<RoleMatrix> {
  const viewer = await requirePermission(actor, 'roles.manage');
  const views = await listRoles(actor);
  return { columns: orderColumns(views).map(columnOf), rows: rowsOf(views, viewer) };
}

/** The roles a change to `roleId` shows in: its chain (what it inherits) and every role based on it. */
function familyOf(views: readonly RoleView[], roleIds: readonly string[]): RoleView[] {
  const wanted = new Set<string>();
  for (const id of roleIds) {
    const view = views.find((candidate) => candidate.id === id);
    for (const link of view?.chain ?? []) wanted.add(link.id);
  }
  // A role belongs when the requested role is anywhere in its chain.
  for (const view of views) if (view.chain.some((link) => roleIds.includes(link.id))) wanted.add(view.id);
  return views.filter((view) => wanted.has(view.id));
}

/**
 * The current columns of some roles, their chains and the roles based on them (other accounts' roles are
 * not found, so left out). Needs roles.manage.
 */
export async function getMatrixColumns(actor: Actor, roleIds: readonly string[]): Promise<MatrixColumn[]> {
  await requirePermission(actor, 'roles.manage');
  return familyOf(await listRoles(actor), roleIds).map(columnOf);
}

function staleCell(roleName: string) {
  return new DalError('conflict', `Someone else changed “${roleName}” since the matrix was loaded: its cells now show the current state. Make your change again if it is still needed.`);
}

/** What a saved cell changes: the role's own grants, as written, and its new version. */
export type MatrixColumnUpdate = Pick<MatrixColumn, 'id' | 'version' | 'own'>;

/**
 * Grants or removes one permission or privilege on one custom role: one matrix cell. Needs roles.manage;
 * refuses a privilege past the per-role limit (the editor's form checks it); everything else is
 * updateRole's rules (built-in roles refused, a stale version refused, nothing beyond the actor's own
 * access), and its audit entry. Answers the role's own grants as saved and its new
 * version: the roles based on it follow from their chains on the page, with no further query.
 */
export async function toggleMatrixCell(actor: Actor, input: ToggleMatrixCellInput, meta?: RequestMeta): Promise<{ column: MatrixColumnUpdate }> {
  await requirePermission(actor, 'roles.manage');
  const db = await getDb();
  const rows = await db
    .select({ name: roles.name, description: roles.description, builtinKey: roles.builtinKey, baseRoleId: roles.baseRoleId, version: roles.version, kind: roleGrants.kind, grant: roleGrants.name })
    .from(roles)
    .leftJoin(roleGrants, eq(roleGrants.roleId, roles.id))
    .where(and(eq(roles.id, input.roleId), eq(roles.accountId, actor.accountId)));
  const role = rows[0];
  if (!role) throw new DalError('not_found', 'That role does not exist in this account.');
  if (role.builtinKey) throw new DalError('forbidden', `“${role.name}” is a built-in role: it cannot be changed. Create a custom role based on it instead.`);
  if (role.version !== input.version) throw staleCell(role.name);

  const system = isSystemPermission(input.name);
  const permissions = new Set(rows.filter((row) => row.kind === 'permission').map((row) => row.grant!));
  const privileges = new Set(rows.filter((row) => row.kind === 'privilege').map((row) => row.grant!));
  const target = system ? permissions : privileges;
  let version = role.version;
  if (target.has(input.name) !== input.granted) {
    if (input.granted && !system && privileges.size >= PRIVILEGES_MAX) {
      throw new DalError('invalid', `“${role.name}” already carries ${PRIVILEGES_MAX} custom privileges, the most a role can.`);
    }
    if (input.granted) target.add(input.name);
    else target.delete(input.name);
    try {
      ({ version } = await updateRole(
        actor,
        {
          roleId: input.roleId,
          version: input.version,
          name: role.name,
          description: role.description,
          baseRoleId: role.baseRoleId!,
          permissions: [...permissions].sort(),
          privileges: [...privileges].sort(),
        },
        meta,
      ));
    } catch (error) {
      // The only conflict an unchanged name can meet is the version moving on between our read and the write.
      if (error instanceof DalError && error.code === 'conflict' && !error.fieldErrors) throw staleCell(role.name);
      throw error;
    }
  }
  const own = [...permissions, ...[...privileges].filter((name) => !isSystemPermission(name))].sort();
  return { column: { id: input.roleId, version, own } };
}
