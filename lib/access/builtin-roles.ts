import type { BuiltinRoleKey } from '@/db/schema';
import { PERMISSION_NAMES, type ModuleKey, type Permission } from './catalogue';

/** The four roles every account has. Their permissions are defined here, in code: they cannot be edited. */
export const BUILTIN_ROLES: Record<BuiltinRoleKey, { name: string; description: string; rank: number }> = {
  owner: { name: 'Owner', description: 'Account owner with full permissions.', rank: 0 },
  admin: { name: 'Admin', description: 'Manages users, roles and account settings.', rank: 1 },
  user: { name: 'User', description: 'Standard access to the profile, dashboard and enabled modules.', rank: 2 },
  guest: { name: 'Guest', description: 'Profile only; needs an administrator’s approval.', rank: 3 },
};

export const BUILTIN_ROLE_KEYS = Object.keys(BUILTIN_ROLES) as BuiltinRoleKey[];

const USER_MODULES = ['tasks', 'mail', 'crm', 'forms', 'knowledge'] as const satisfies readonly ModuleKey[];

/** User: profile and dashboard, every standard module (Insight is an add-on), view activities, comment on tasks. */
const USER: Permission[] = [
  'dashboard.view',
  ...USER_MODULES.flatMap((module) => [`${module}.view`, `${module}.create`, `${module}.edit`] as const),
  'tasks.comment',
  'activities.view',
];

/** Admin: what a User has, plus managing users, roles, configuration, mailboxes, activities, billing, leave, licences. */
const ADMIN: Permission[] = [
  ...USER,
  ...USER_MODULES.map((module) => `${module}.delete` as const),
  'insight.view',
  'users.manage',
  'roles.manage',
  'groups.manage',
  'account.settings',
  'domains.manage',
  'mailboxes.manage',
  'activities.undo',
  'billing.manage',
  'reports.view',
  'leave.approve',
  'knowledge.moderate',
  'licences.manage',
];

/** The system permissions of each built-in role. Owner has every permission, now and in the future. */
export const BUILTIN_GRANTS: Record<BuiltinRoleKey, readonly Permission[]> = {
  owner: PERMISSION_NAMES,
  admin: ADMIN,
  user: USER,
  guest: [],
};
