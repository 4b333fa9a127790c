import type { LucideIcon } from 'lucide-react';
import { LayoutDashboard, UserRound } from 'lucide-react';

/**
 * The sidebar as data: each entry names its route. The access issue adds the permission each one needs,
 * and middleware.ts reads the same list.
 */
export interface NavItem {
  href: string;
  label: string;
  icon: LucideIcon;
}

export const NAV_ITEMS: NavItem[] = [
  { href: '/dashboard', label: 'Dashboard', icon: LayoutDashboard },
  { href: '/profile', label: 'My profile', icon: UserRound },
];
