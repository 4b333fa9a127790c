import { BUILTIN_GRANTS } from './builtin-roles';
import { MODULES, moduleViewPermission, PERMISSIONS, type ModuleDef, type Permission } from './catalogue';
import { PermissionSpace } from './resolver';

/** The permission space of the product's own catalogue. */
export const SYSTEM_SPACE = new PermissionSpace(PERMISSIONS);

export { BUILTIN_GRANTS };

/**
 * Which permission a path needs: a module's pages need that module's view permission; settings pages need
 * their feature's permission. Paths not listed need only a session (profile, account picker, …).
 */
export const ROUTE_PERMISSIONS: readonly { prefix: string; permission: Permission; label: string }[] = [
  ...MODULES.map((entry: ModuleDef) => ({ prefix: entry.href, permission: moduleViewPermission(entry.key), label: entry.label })),
  // A module's API needs what its pages need.
  ...MODULES.map((entry: ModuleDef) => ({ prefix: `/api${entry.href}`, permission: moduleViewPermission(entry.key), label: entry.label })),
  { prefix: '/settings/users', permission: 'users.manage', label: 'Users' },
  { prefix: '/settings/invites', permission: 'users.manage', label: 'Invites' },
  { prefix: '/settings/roles', permission: 'roles.manage', label: 'Roles' },
  { prefix: '/leave', permission: 'leave.approve', label: 'Leave requests' },
];

/** The permission a path needs, or null when a session is enough. */
export function requiredPermissionFor(pathname: string): { permission: Permission; label: string } | null {
  for (const rule of ROUTE_PERMISSIONS) {
    if (pathname === rule.prefix || pathname.startsWith(`${rule.prefix}/`)) return rule;
  }
  return null;
}
