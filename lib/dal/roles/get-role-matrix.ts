import 'server-only';
import { BUILTIN_ROLES } from '@/lib/access/builtin-roles';
import { hasPermission, isSystemPermission, PERMISSIONS } from '@/lib/access/catalogue';
import { requirePermission, type Actor } from '@/lib/access/checks';
import { LicenceGate } from '@/lib/access/licences';
import { ALL_PRIVILEGES, authorityOf, holds, type EffectiveAccess } from '@/lib/access/resolver';
import { SYSTEM_SPACE } from '@/lib/access/system';
import { now } from '@/lib/clock';
import { loadAccountLicences } from '@/lib/dal/access/load-access';
import { listRoles } from './list-roles';
import { type RoleView } from '@/lib/types/roles';
import { type MatrixColumn, type MatrixRow, type RoleMatrix } from '@/lib/types/role-matrix';

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

function rowsOf(views: readonly RoleView[], actorAccess: EffectiveAccess, gate: LicenceGate): MatrixRow[] {
  // What the viewer may grant or remove: what their roles give them, before licences (escalation.ts reads the same).
  const viewer = authorityOf(actorAccess);
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
        ...(gate.gates(permission.name) ? { licences: gate.poolsUnlocking(permission.name).map((pool) => pool.name) } : {}),
      })),
    ),
    ...[...privileges].sort().map((name) => ({ name, label: name, description: 'Custom privilege', category: 'privilege' as const, changeable: holds(viewer, name) })),
  ];
}

/** The permission matrix of the actor's account: every role against every permission and custom privilege. Needs roles.manage. */
export async function getRoleMatrix(actor: Actor): Promise<RoleMatrix> {
  const viewer = await requirePermission(actor, 'roles.manage');
  const [views, licences] = await Promise.all([listRoles(actor), loadAccountLicences(actor.accountId)]);
  return { columns: orderColumns(views).map(columnOf), rows: rowsOf(views, viewer, new LicenceGate(SYSTEM_SPACE, licences, now().getTime())) };
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
