import { hasPermission, MODULES, moduleViewPermission, permissionBit, type Permission, type PermissionBit } from './catalogue';
import type { EffectiveAccess } from './resolver';

/**
 * Who may open which page, in one table. Each entry governs its path and every path below it
 * (`/settings/roles` covers `/settings/roles/matrix`, `/settings/roles/<id>`…) and is read three times:
 *
 * - middleware.ts (through lib/auth/gate.ts and `requiredPermissionFor`) answers 403, naming the permission,
 *   to a member without it, before the page runs; a module's API (`/api<href>`) needs the same permission;
 * - the pages call `requirePagePermission('<href>')` (page-permission.tsx) first and check again (the
 *   dashboard relies on middleware.ts alone);
 * - the sidebar (lib/navigation.ts) shows the entries with a section to the members who hold the permission.
 *
 * So "who may open /settings/roles?" is: members holding roles.manage (Owner and Admin by default, see
 * builtin-roles.ts, or any custom role or override granting it). What happens inside a page is checked again
 * by the data layer (lib/dal), which holds the finer rules. A path not listed needs only a session, and the
 * public paths (isPublicPath, below) not even that.
 */
export type NavSection = 'modules' | 'team' | 'settings' | 'you';

export interface RouteDef {
  href: string;
  label: string;
  /** The sidebar section it is listed in; null: not in the sidebar (reached from another page). */
  section: NavSection | null;
  /** The sidebar icon's name (components/shell/nav-icons.ts). */
  icon: string | null;
  /** What a member must hold to open it; null: a session is enough. */
  permission: Permission | null;
  /** Its API under `/api<href>` needs the same permission. */
  api?: true;
}

export const ROUTES = [
  ...MODULES.map((module) => ({
    href: module.href,
    label: module.label,
    section: 'modules' as const,
    icon: module.key,
    permission: moduleViewPermission(module.key),
    api: true as const,
  })),
  { href: '/leave', label: 'Leave requests', section: 'team', icon: 'leave', permission: 'leave.approve' },
  { href: '/settings/users', label: 'Users', section: 'settings', icon: 'users', permission: 'users.manage' },
  { href: '/settings/invites', label: 'Invites', section: null, icon: null, permission: 'users.manage' },
  { href: '/settings/roles', label: 'Roles', section: 'settings', icon: 'roles', permission: 'roles.manage' },
  { href: '/settings/organization', label: 'Organization', section: 'settings', icon: 'organization', permission: 'groups.manage' },
  { href: '/settings/licences', label: 'Licences', section: 'settings', icon: 'licences', permission: 'licences.manage' },
  { href: '/profile', label: 'My profile', section: 'you', icon: 'profile', permission: null },
] as const satisfies readonly RouteDef[];

type Route = (typeof ROUTES)[number];

/** The entries a page can name: those that need a permission. */
export type GuardedHref = Extract<Route, { permission: Permission }>['href'];

/** A guarded path prefix: the permission it needs, resolved to its bit once, here, for the check on every request. */
export interface RoutePermission {
  prefix: string;
  permission: Permission;
  bit: PermissionBit;
  label: string;
}

const routePermission = (prefix: string, permission: Permission, label: string): RoutePermission => ({ prefix, permission, bit: permissionBit(permission), label });

/** The path prefixes that need a permission (pages, then modules' APIs), for middleware.ts. */
export const ROUTE_PERMISSIONS: readonly RoutePermission[] = [
  ...ROUTES.flatMap((route: RouteDef) => (route.permission ? [routePermission(route.href, route.permission, route.label)] : [])),
  ...ROUTES.flatMap((route: RouteDef) => (route.permission && route.api ? [routePermission(`/api${route.href}`, route.permission, route.label)] : [])),
];

/** The permission a path needs (with its bit), or null when a session is enough. */
export function requiredPermissionFor(pathname: string): RoutePermission | null {
  for (const rule of ROUTE_PERMISSIONS) {
    if (pathname === rule.prefix || pathname.startsWith(`${rule.prefix}/`)) return rule;
  }
  return null;
}

/** The ROUTES entry of a guarded page: its permission (and bit) and the words the 403 uses. */
export function guardedRoute(href: GuardedHref): { href: GuardedHref; label: string; permission: Permission; bit: PermissionBit } {
  const guarded = ROUTE_PERMISSIONS.find((candidate) => candidate.prefix === href)!;
  return { href, label: guarded.label, permission: guarded.permission, bit: guarded.bit };
}

/** Pages anyone may open; everything else needs a session. */
export function isPublicPath(pathname: string): boolean {
  return (
    pathname === '/login' ||
    pathname === '/setup' ||
    pathname === '/forgot-password' ||
    pathname.startsWith('/reset-password/') ||
    pathname.startsWith('/invite/') ||
    pathname.startsWith('/activate/') ||
    pathname.startsWith('/verify-email/') ||
    pathname === '/api/health' ||
    pathname.startsWith('/api/auth/')
  );
}

const DASHBOARD_VIEW = permissionBit('dashboard.view');

/** Where a member lands: their dashboard, or their profile when they have no dashboard (a Guest). */
export function homePathFor(access: EffectiveAccess): string {
  return hasPermission(access, DASHBOARD_VIEW) ? '/dashboard' : '/profile';
}
