import type { BuiltinRoleKey } from '@/db/schema';

/** The four roles every account has. Their permissions come from the catalogue (see the access issue). */
export const BUILTIN_ROLES: Record<BuiltinRoleKey, { name: string; description: string; rank: number }> = {
  owner: { name: 'Owner', description: 'Account owner with full permissions.', rank: 0 },
  admin: { name: 'Admin', description: 'Manages users, roles and account settings.', rank: 1 },
  user: { name: 'User', description: 'Standard access to the profile, dashboard and enabled modules.', rank: 2 },
  guest: { name: 'Guest', description: 'Profile only; needs an administrator’s approval.', rank: 3 },
};

export const BUILTIN_ROLE_KEYS = Object.keys(BUILTIN_ROLES) as BuiltinRoleKey[];
