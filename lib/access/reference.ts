import { NEVER_GATED, NEVER_GATED_MODULES, type LicenceInput } from './licences';
import type { OverrideInput, RoleInput } from './resolver';

/** The licences, as the naive walk reads them: every pool of the account, the member's, and the moment. */
export interface NaiveLicences {
  pools: readonly LicenceInput[];
  held: readonly string[];
  now: number;
}

/**
 * The specification, written as plainly as possible: walk each assigned role's chain by name, every time.
 * Slow on purpose. The property tests and the benchmark hold every fast implementation to its answers.
 */
export function naiveCheck(
  systemNames: ReadonlySet<string>,
  moduleOf: (name: string) => string | undefined,
  roles: readonly RoleInput[],
  roleIds: readonly string[],
  overrides: OverrideInput,
  name: string,
  licences?: NaiveLicences,
): boolean {
  const system = systemNames.has(name);
  if (overrides.denies.includes(name)) return false;
  const moduleKey = moduleOf(name);
  if (system && moduleKey && overrides.hiddenModules.includes(moduleKey)) return false;
  if (!grantedByRolesOrOverride(system, roles, roleIds, overrides, name)) return false;
  // A licence pool that unlocks it gates it: held only with a seat of a pool that unlocks it and has not ended.
  if (!system || !licences || NEVER_GATED.has(name)) return true;
  const unlocks = (pool: LicenceInput) => pool.permissions.includes(name) || (moduleKey !== undefined && !NEVER_GATED_MODULES.has(moduleKey) && pool.modules.includes(moduleKey));
  const gating = licences.pools.filter(unlocks);
  return gating.length === 0 || gating.some((pool) => licences.held.includes(pool.id) && (pool.endsAt === null || pool.endsAt > licences.now));
}

function grantedByRolesOrOverride(system: boolean, roles: readonly RoleInput[], roleIds: readonly string[], overrides: OverrideInput, name: string): boolean {
  if (system && overrides.grants.includes(name)) return true;
  for (const roleId of roleIds) {
    let role = roles.find((candidate) => candidate.id === roleId);
    let steps = 0;
    while (role && steps <= 64) {
      if (system ? role.permissions.includes(name) : role.allPrivileges === true || role.privileges.includes(name)) return true;
      role = role.baseRoleId ? roles.find((candidate) => candidate.id === role!.baseRoleId) : undefined;
      steps += 1;
    }
  }
  return false;
}
