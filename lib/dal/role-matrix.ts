import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { type Tx } from '@/db/client';
import { roleGrants, roles } from '@/db/schema';
import { BUILTIN_ROLES } from '@/lib/access/builtin-roles';
import { hasPermission, isSystemPermission, PERMISSIONS, type PermissionCategory } from '@/lib/access/catalogue';
import { assertHolds, requirePermission, type Actor } from '@/lib/access/checks';
import { beyondActor } from '@/lib/access/escalation';
import { accessCache } from '@/lib/access/process-cache';
import { ALL_PRIVILEGES, holds, type EffectiveAccess, type RoleInput } from '@/lib/access/resolver';
import type { RequestMeta } from '@/lib/http/client';
import { PRIVILEGES_MAX } from '@/lib/validation/access';
import type { ToggleMatrixCellInput } from '@/lib/validation/role-matrix';
import { writeAccessChange } from './access-write';
import { DalError } from './errors';
import { roleNotFound } from './role-shared';
import { listRoles, type RoleView } from './roles';

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
