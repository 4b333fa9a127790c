import { describe, expect, it } from 'vitest';
import { BUILTIN_GRANTS } from '@/lib/access/builtin-roles';
import { hasPermission, PERMISSION_NAMES, permissionBit, permissionName, SYSTEM_SPACE } from '@/lib/access/catalogue';
import { compileRoles } from '@/lib/access/compile-graph';
import { holds, NO_OVERRIDES, resolveAccess, type OverrideInput, type RoleInput } from '@/lib/access/resolver';
import { guardedRoute, requiredPermissionFor, ROUTE_PERMISSIONS } from '@/lib/access/routes';

// Hot checks hold a permission's bit (resolved once at module load) instead of its name: for every
// permission of the catalogue and every kind of access, the bit and the name must give the same answer.

const builtin = (key: keyof typeof BUILTIN_GRANTS): RoleInput => ({ id: key, name: key, baseRoleId: null, permissions: BUILTIN_GRANTS[key], privileges: [] });
const ROLES: RoleInput[] = [
  { ...builtin('owner'), allPrivileges: true },
  builtin('admin'),
  builtin('user'),
  builtin('guest'),
  { id: 'sales', name: 'Sales', baseRoleId: 'user', permissions: ['insight.view', 'crm.delete'], privileges: ['report.export', 'users.manage'] },
];
const compiled = compileRoles(SYSTEM_SPACE, ROLES);
const ACCESSES: [string, readonly string[], OverrideInput][] = [
  ['owner', ['owner'], NO_OVERRIDES],
  ['admin', ['admin'], NO_OVERRIDES],
  ['user', ['user'], NO_OVERRIDES],
  ['guest', ['guest'], NO_OVERRIDES],
  ['sales', ['sales'], NO_OVERRIDES],
  ['sales and guest', ['sales', 'guest'], NO_OVERRIDES],
  ['user with overrides', ['user'], { grants: ['billing.manage', 'crm.edit'], denies: ['crm.edit', 'tasks.view'], hiddenModules: ['mail'] }],
];

describe('permission bits', () => {
  it('name each catalogue permission by its place in SYSTEM_SPACE, and back', () => {
    PERMISSION_NAMES.forEach((name, position) => {
      expect(permissionBit(name)).toBe(position);
      expect(SYSTEM_SPACE.index.get(name)).toBe(position);
      expect(permissionName(permissionBit(name))).toBe(name);
    });
  });

  it.each(ACCESSES)('answer like the name for every catalogue permission: %s', (_label, roleIds, overrides) => {
    const access = resolveAccess(SYSTEM_SPACE, compiled, roleIds, overrides);
    for (const name of PERMISSION_NAMES) {
      const byName = hasPermission(access, name);
      expect(hasPermission(access, permissionBit(name)), name).toBe(byName);
      expect(holds(access, permissionBit(name)), name).toBe(byName);
      expect(holds(access, name), name).toBe(byName);
    }
  });

  it('leave custom privileges to the name: one named like a system permission grants nothing', () => {
    const sales = resolveAccess(SYSTEM_SPACE, compiled, ['sales'], NO_OVERRIDES);
    expect(holds(sales, 'report.export')).toBe(true);
    expect(holds(sales, 'report.other')).toBe(false);
    expect(holds(sales, 'users.manage')).toBe(false);
    expect(hasPermission(sales, permissionBit('users.manage'))).toBe(false);
    const owner = resolveAccess(SYSTEM_SPACE, compiled, ['owner'], { ...NO_OVERRIDES, denies: ['report.export'] });
    expect(holds(owner, 'anything.at-all')).toBe(true);
    expect(holds(owner, 'report.export')).toBe(false);
  });

  it('are carried by the route table the gate and the page guards read', () => {
    for (const rule of ROUTE_PERMISSIONS) expect(rule.bit).toBe(permissionBit(rule.permission));
    expect(requiredPermissionFor('/settings/roles/matrix')).toMatchObject({ permission: 'roles.manage', bit: permissionBit('roles.manage') });
    expect(guardedRoute('/settings/users')).toMatchObject({ permission: 'users.manage', bit: permissionBit('users.manage') });
  });
});
