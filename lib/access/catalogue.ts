/**
 * The permission catalogue: every system permission, with a stable name, a label, a description and a
 * category. Module-level permissions also name the module they open; the navigation and middleware.ts
 * read the modules from here.
 */
export type PermissionCategory = 'module' | 'operational' | 'functional';

export const MODULES = [
  { key: 'dashboard', label: 'Dashboard', href: '/dashboard', description: 'Your overview: assigned tasks, recent activity, notifications and favourites.' },
  { key: 'tasks', label: 'Organize', href: '/tasks', description: 'Tasks and projects, with comments and watchers.' },
  { key: 'mail', label: 'Mail', href: '/mail', description: 'Shared and personal mailboxes.' },
  { key: 'crm', label: 'CRM', href: '/crm', description: 'Contacts, companies and deals.' },
  { key: 'forms', label: 'Forms', href: '/forms', description: 'Forms and their submissions.' },
  { key: 'knowledge', label: 'Knowledge Base', href: '/knowledge', description: 'Articles for customers and colleagues.' },
  { key: 'insight', label: 'Insight', href: '/insight', description: 'Reports and analytics across modules.' },
] as const;

export type ModuleKey = (typeof MODULES)[number]['key'];
export type ModuleDef = (typeof MODULES)[number];

/** Modules whose content can be created, edited and deleted (the operational permissions). */
const CONTENT_MODULES = ['tasks', 'mail', 'crm', 'forms', 'knowledge'] as const;
const OPERATIONS = [
  ['create', 'Create'],
  ['edit', 'Edit'],
  ['delete', 'Delete'],
] as const;

export interface PermissionDef {
  name: string;
  label: string;
  description: string;
  category: PermissionCategory;
  /** The module a module-level or operational permission belongs to. */
  module?: ModuleKey;
}

const modulePermissions: PermissionDef[] = MODULES.map((module) => ({
  name: `${module.key}.view`,
  label: `Open ${module.label}`,
  description: `See ${module.label} in the menu and open it. ${module.description}`,
  category: 'module',
  module: module.key,
}));

const operationalPermissions: PermissionDef[] = CONTENT_MODULES.flatMap((key) => {
  const owner = MODULES.find((candidate) => candidate.key === key)!;
  return OPERATIONS.map(([operation, verb]) => ({
    name: `${key}.${operation}`,
    label: `${verb} in ${owner.label}`,
    description: `${verb} items in ${owner.label}.`,
    category: 'operational' as const,
    module: key,
  }));
});

const functionalPermissions: PermissionDef[] = [
  { name: 'tasks.comment', label: 'Comment on tasks', description: 'Add comments to tasks.', category: 'functional', module: 'tasks' },
  { name: 'activities.view', label: 'View activities', description: 'See the activity history of the account.', category: 'functional' },
  { name: 'activities.undo', label: 'Undo activities', description: 'Undo changes from the activity history.', category: 'functional' },
  { name: 'users.manage', label: 'Manage users', description: 'Add, deactivate and remove users; assign their roles and permissions.', category: 'functional' },
  { name: 'users.passwords', label: 'Manage user passwords', description: 'Set a new password for another user.', category: 'functional' },
  { name: 'roles.manage', label: 'Manage roles', description: 'Create and edit custom roles and their permissions.', category: 'functional' },
  { name: 'groups.manage', label: 'Manage groups', description: 'Create and edit groups, teams and departments.', category: 'functional' },
  { name: 'account.settings', label: 'Account settings', description: 'Change the account’s name and configuration.', category: 'functional' },
  { name: 'domains.manage', label: 'Manage domains', description: 'Configure the account’s domains.', category: 'functional' },
  { name: 'mailboxes.manage', label: 'Manage mailboxes', description: 'Create and configure mailboxes and folders.', category: 'functional' },
  { name: 'mailboxes.private', label: 'All private mailboxes', description: 'Open every user’s private mailbox.', category: 'functional' },
  { name: 'webchat.manage', label: 'Manage WebChat widgets', description: 'Create and configure WebChat widgets.', category: 'functional' },
  { name: 'billing.manage', label: 'Billing', description: 'See invoices and change the subscription.', category: 'functional' },
  { name: 'reports.view', label: 'Reports', description: 'See the account’s reports.', category: 'functional' },
  { name: 'api_tokens.manage', label: 'API tokens', description: 'Create and revoke API tokens.', category: 'functional' },
  { name: 'webhooks.manage', label: 'Webhooks', description: 'Configure webhooks.', category: 'functional' },
  { name: 'leave.approve', label: 'Approve leave', description: 'Approve or decline leave requests.', category: 'functional' },
  { name: 'knowledge.moderate', label: 'Moderate comments', description: 'Moderate knowledge-base comments.', category: 'functional', module: 'knowledge' },
];

export const PERMISSIONS: readonly PermissionDef[] = [...modulePermissions, ...operationalPermissions, ...functionalPermissions];

export const PERMISSION_NAMES: readonly string[] = PERMISSIONS.map((permission) => permission.name);
const byName = new Map(PERMISSIONS.map((permission) => [permission.name, permission]));

export function isSystemPermission(name: string): boolean {
  return byName.has(name);
}

export function permissionDef(name: string): PermissionDef | undefined {
  return byName.get(name);
}

export const CATEGORY_LABELS: Record<PermissionCategory, string> = {
  module: 'Modules',
  operational: 'Operations',
  functional: 'Features',
};

/** The module-level permission that opens a module. */
export const moduleViewPermission = (module: ModuleKey) => `${module}.view`;
