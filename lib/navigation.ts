import { hasPermission, permissionBit, type Permission } from '@/lib/access/catalogue';
import type { EffectiveAccess } from '@/lib/access/resolver';
import { ROUTES, type NavSection, type RouteDef } from '@/lib/access/routes';

/**
 * The sidebar as data: the entries of the ROUTES table (lib/access/routes.ts) that have a section, each
 * with the permission middleware.ts enforces for it, so the menu never offers a page the gate would refuse.
 */
export interface NavItem {
  href: string;
  label: string;
  icon: string;
  permission: Permission | null;
  section: NavSection;
}

export const NAV_ITEMS: readonly NavItem[] = ROUTES.flatMap((route: RouteDef) =>
  route.section && route.icon ? [{ href: route.href, label: route.label, icon: route.icon, permission: route.permission, section: route.section }] : [],
);

// Each entry's permission resolved to its bit once: the sidebar is checked on every page.
const NAV_BITS = NAV_ITEMS.map((item) => (item.permission === null ? null : permissionBit(item.permission)));

/** The sidebar's sections in order, with their headings (null: no heading). */
export const NAV_SECTIONS: readonly (readonly [NavSection, string | null])[] = [
  ['modules', null],
  ['team', 'Team'],
  ['settings', 'Settings'],
  ['you', null],
];

/** The entries this member may open. */
export function navFor(access: EffectiveAccess): NavItem[] {
  return NAV_ITEMS.filter((item, i) => NAV_BITS[i] === null || hasPermission(access, NAV_BITS[i]!));
}
