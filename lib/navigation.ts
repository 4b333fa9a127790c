import { hasPermission, MODULES, moduleViewPermission, type Permission } from '@/lib/access/catalogue';
import type { EffectiveAccess } from '@/lib/access/resolver';

/**
 * The sidebar as data: each entry names the permission it needs, from the same catalogue middleware.ts
 * enforces (lib/access/system.ts), so the menu never offers a page the gate would refuse.
 */
export interface NavItem {
  href: string;
  label: string;
  icon: string;
  permission: Permission | null;
  section: 'modules' | 'team' | 'settings' | 'you';
}

export const NAV_ITEMS: readonly NavItem[] = [
  ...MODULES.map((module) => ({ href: module.href, label: module.label, icon: module.key, permission: moduleViewPermission(module.key), section: 'modules' as const })),
  { href: '/leave', label: 'Leave requests', icon: 'leave', permission: 'leave.approve', section: 'team' },
  { href: '/settings/users', label: 'Users', icon: 'users', permission: 'users.manage', section: 'settings' },
  { href: '/settings/roles', label: 'Roles', icon: 'roles', permission: 'roles.manage', section: 'settings' },
  { href: '/profile', label: 'My profile', icon: 'profile', permission: null, section: 'you' },
];

/** The sidebar's sections in order, with their headings (null: no heading). */
export const NAV_SECTIONS: readonly (readonly [NavItem['section'], string | null])[] = [
  ['modules', null],
  ['team', 'Team'],
  ['settings', 'Settings'],
  ['you', null],
];

/** The entries this member may open. */
export function navFor(access: EffectiveAccess): NavItem[] {
  return NAV_ITEMS.filter((item) => item.permission === null || hasPermission(access, item.permission));
}
