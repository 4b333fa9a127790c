import { PermissionSpace } from './permission-space';
import { holds, type EffectiveAccess } from './resolver';

/**
 * The permission catalogue: every system permission, with a stable name, a label, a description and a
 * category, and `type Permission`, the union of their names. Module-level permissions also name the
 * module they open; the ROUTES table (routes.ts) reads the modules from here.
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
const CONTENT_MODULES = ['tasks', 'mail', 'crm', 'forms', 'knowledge'] as const satisfies readonly ModuleKey[];
const OPERATIONS = [
  ['create', 'Create'],
  ['edit', 'Edit'],
  ['delete', 'Delete'],
] as const;

/** The features a permission can unlock beyond a module: listed here once, with their words. */
const FUNCTIONAL_PERMISSIONS = [
  { name: 'tasks.comment', label: 'Comment on tasks', description: 'Add comments to tasks.', module: 'tasks' },
  { name: 'activities.view', label: 'View activities', description: 'See the activity history of the account.' },
  { name: 'activities.undo', label: 'Undo activities', description: 'Undo changes from the activity history.' },
  { name: 'users.manage', label: 'Manage users', description: 'Add, deactivate and remove users; assign their roles and permissions.' },
  { name: 'users.passwords', label: 'Manage user passwords', description: 'Set a new password for another user.' },
  { name: 'roles.manage', label: 'Manage roles', description: 'Create and edit custom roles and their permissions.' },
  { name: 'groups.manage', label: 'Manage groups', description: 'Create and edit groups, teams and departments.' },
  { name: 'account.settings', label: 'Account settings', description: 'Change the account’s name and configuration.' },
  { name: 'domains.manage', label: 'Manage domains', description: 'Configure the account’s domains.' },
  { name: 'mailboxes.manage', label: 'Manage mailboxes', description: 'Create and configure mailboxes and folders.' },
  { name: 'mailboxes.private', label: 'All private mailboxes', description: 'Open every user’s private mailbox.' },
  { name: 'webchat.manage', label: 'Manage WebChat widgets', description: 'Create and configure WebChat widgets.' },
  { name: 'billing.manage', label: 'Billing', description: 'See invoices and change the subscription.' },
  { name: 'reports.view', label: 'Reports', description: 'See the account’s reports.' },
  { name: 'api_tokens.manage', label: 'API tokens', description: 'Create and revoke API tokens.' },
  { name: 'webhooks.manage', label: 'Webhooks', description: 'Configure webhooks.' },
  { name: 'leave.approve', label: 'Approve leave', description: 'Approve or decline leave requests.' },
  { name: 'knowledge.moderate', label: 'Moderate comments', description: 'Moderate knowledge-base comments.', module: 'knowledge' },
  { name: 'licences.manage', label: 'Manage licences', description: 'Create licence pools, change their seats and end dates, and grant or revoke licences.' },
] as const satisfies readonly { name: string; label: string; description: string; module?: ModuleKey }[];

/**
 * Every system permission's name, derived from the lists above: a misspelt permission does not compile.
 * Custom privileges (names an account makes up) are plain strings and are never checked in code.
 */
export type Permission =
  | `${ModuleKey}.view`
  | `${(typeof CONTENT_MODULES)[number]}.${(typeof OPERATIONS)[number][0]}`
  | (typeof FUNCTIONAL_PERMISSIONS)[number]['name'];

export interface PermissionDef {
  name: Permission;
  label: string;
  description: string;
  category: PermissionCategory;
  /** The module a module-level or operational permission belongs to. */
  module?: ModuleKey;
}

const modulePermissions: PermissionDef[] = MODULES.map((module) => ({
  name: moduleViewPermission(module.key),
  label: `Open ${module.label}`,
  description: `See ${module.label} in the menu and open it. ${module.description}`,
  category: 'module',
  module: module.key,
}));

const operationalPermissions: PermissionDef[] = CONTENT_MODULES.flatMap((key) => {
  const owner = MODULES.find((candidate) => candidate.key === key)!;
  return OPERATIONS.map(([operation, verb]) => ({
    name: `${key}.${operation}` as const,
    label: `${verb} in ${owner.label}`,
    description: `${verb} items in ${owner.label}.`,
    category: 'operational' as const,
    module: key,
  }));
});

const functionalPermissions: PermissionDef[] = FUNCTIONAL_PERMISSIONS.map((permission) => ({ ...permission, category: 'functional' }));

export const PERMISSIONS: readonly PermissionDef[] = [...modulePermissions, ...operationalPermissions, ...functionalPermissions];

export const PERMISSION_NAMES: readonly Permission[] = PERMISSIONS.map((permission) => permission.name);
const byName = new Map<string, PermissionDef>(PERMISSIONS.map((permission) => [permission.name, permission]));

/** The permission space of the product's own catalogue: each permission's bit is its place in PERMISSIONS. */
export const SYSTEM_SPACE = new PermissionSpace(PERMISSIONS);

declare const permissionBitBrand: unique symbol;

/**
 * A system permission resolved to its bit in SYSTEM_SPACE, once, where the check is written (a module
 * constant, a table built at module load): checking it is one bit test, with no lookup of a name.
 */
export type PermissionBit = number & { readonly [permissionBitBrand]: true };

/** The permission's bit: call it once, at module load, and keep the result. */
export function permissionBit(name: Permission): PermissionBit {
  const bit = SYSTEM_SPACE.index.get(name);
  if (bit === undefined) throw new Error(`Unknown permission ${name}`);
  return bit as PermissionBit;
}

/** The name of the permission a bit stands for (for messages). */
export function permissionName(bit: PermissionBit): Permission {
  return PERMISSION_NAMES[bit]!;
}

/** Whether a name is a system permission (not a custom privilege). */
export function isSystemPermission(name: string): name is Permission {
  return byName.has(name);
}

export function permissionDef(name: string): PermissionDef | undefined {
  return byName.get(name);
}

/**
 * The check code makes: whether the access (compiled in SYSTEM_SPACE, as every access of the app is) holds
 * this system permission. Typed, so `'roles.mange'` does not compile. Hot paths (the gate, page guards, the
 * sidebar) pass the permission's bit (`permissionBit`, kept); a name costs one lookup. A custom privilege, a
 * name an account made up, is checked with the resolver's `holds`.
 */
export function hasPermission(access: EffectiveAccess, permission: Permission | PermissionBit): boolean {
  // A name is looked up once; one the catalogue lacks (only a cast gets here) is answered as `holds` answers it.
  return holds(access, typeof permission === 'number' ? permission : (SYSTEM_SPACE.index.get(permission) ?? permission));
}

export const CATEGORY_LABELS: Record<PermissionCategory, string> = {
  module: 'Modules',
  operational: 'Operations',
  functional: 'Features',
};

/** The module-level permission that opens a module. */
export function moduleViewPermission(module: ModuleKey): `${ModuleKey}.view` {
  return `${module}.view`;
}
