import type { LicenceGate } from './licences';
import { holds, type CompiledRole, type OverrideInput, type RoleInput } from './resolver';
import { type PermissionSpace } from './permission-space';

export type Explanation =
  | {
      granted: true;
      source: 'role';
      kind: 'permission' | 'privilege';
      path: { id: string; name: string }[];
      /** The group that gives the path's first role, when the member holds that role only through it. */
      group?: { id: string; name: string };
    }
  | { granted: true; source: 'override' }
  | { granted: false; source: 'deny-override' }
  | { granted: false; source: 'hidden-module'; module: string }
  /**
   * Roles or an override grant it, but a licence pool gates it and the member holds no seat of a valid one
   * that unlocks it: `licences` are those pools (`held`: they hold a seat, but the pool has ended).
   */
  | { granted: false; source: 'licence'; licences: { id: string; name: string; valid: boolean; held: boolean; endsAt: number | null }[] }
  | { granted: false; source: 'none'; shadowedPrivilegeIn?: { id: string; name: string } };

const NO_GROUPS: ReadonlyMap<string, { id: string; name: string }> = new Map();

/**
 * Why a membership holds a permission or not: the override that decided it, or the path from an assigned
 * role down its chain to the role that grants it (the shortest such path; of equally short ones, a role
 * held directly before one held through a group). `throughGroups` names, for each role the member holds
 * only through a group, that group (see rolesThroughGroups). Says so, too, when a role carries a custom
 * privilege of that name that the system permission shadows. With `licences` (the account's gate and the
 * member's pools), what roles grant but a licence gates is refused as `licence`, naming the pools.
 */
export function explainPermission(
  space: PermissionSpace,
  roles: ReadonlyMap<string, RoleInput>,
  compiled: ReadonlyMap<string, CompiledRole>,
  roleIds: readonly string[],
  overrides: OverrideInput,
  name: string,
  throughGroups: ReadonlyMap<string, { id: string; name: string }> = NO_GROUPS,
  licences?: { gate: LicenceGate; held: readonly string[] },
): Explanation {
  const granted = explainGrant(space, roles, compiled, roleIds, overrides, name, throughGroups);
  if (!granted.granted || !licences?.gate.gates(name)) return granted;
  const held = new Set(licences.held);
  const pools = licences.gate.poolsUnlocking(name).map((pool) => ({ ...pool, held: held.has(pool.id) }));
  if (pools.some((pool) => pool.valid && pool.held)) return granted;
  return { granted: false, source: 'licence', licences: pools };
}

function explainGrant(
  space: PermissionSpace,
  roles: ReadonlyMap<string, RoleInput>,
  compiled: ReadonlyMap<string, CompiledRole>,
  roleIds: readonly string[],
  overrides: OverrideInput,
  name: string,
  throughGroups: ReadonlyMap<string, { id: string; name: string }>,
): Explanation {
  const system = space.isSystem(name);
  if (overrides.denies.includes(name)) return { granted: false, source: 'deny-override' };
  const moduleKey = space.definitions.find((definition) => definition.name === name)?.module;
  if (moduleKey && overrides.hiddenModules.includes(moduleKey)) return { granted: false, source: 'hidden-module', module: moduleKey };
  if (system && overrides.grants.includes(name)) return { granted: true, source: 'override' };

  let best: { id: string; name: string }[] | null = null;
  let bestGroup: { id: string; name: string } | undefined;
  let shadowed: { id: string; name: string } | undefined;
  for (const roleId of roleIds) {
    const role = compiled.get(roleId);
    if (!role || !holds(role, name)) {
      for (const id of role?.chain ?? []) {
        const input = roles.get(id);
        if (system && input?.privileges.includes(name)) shadowed ??= { id, name: input.name };
      }
      continue;
    }
    const path: { id: string; name: string }[] = [];
    for (const id of role.chain) {
      const input = roles.get(id)!;
      path.push({ id, name: input.name });
      const holds = system ? input.permissions.includes(name) : input.allPrivileges === true || input.privileges.includes(name);
      if (holds) break;
    }
    const group = throughGroups.get(roleId);
    if (!best || path.length < best.length || (path.length === best.length && bestGroup && !group)) {
      best = path;
      bestGroup = group;
    }
  }
  if (best) return { granted: true, source: 'role', kind: system ? 'permission' : 'privilege', path: best, ...(bestGroup ? { group: bestGroup } : {}) };
  return shadowedPrivilegeResult(shadowed);
}

function shadowedPrivilegeResult(shadowed: { id: string; name: string } | undefined): Explanation {
  return shadowed ? { granted: false, source: 'none', shadowedPrivilegeIn: shadowed } : { granted: false, source: 'none' };
}
