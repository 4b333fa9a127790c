import type { OverrideInput, RoleInput } from './resolver';

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
): boolean {
  const system = systemNames.has(name);
  if (overrides.denies.includes(name)) return false;
  const moduleKey = moduleOf(name);
  if (system && moduleKey && overrides.hiddenModules.includes(moduleKey)) return false;
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
