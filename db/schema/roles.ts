import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  check,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { createdAt, id, updatedAt } from './columns';

export const builtinRoleKeys = ['owner', 'admin', 'user', 'guest'] as const;
export type BuiltinRoleKey = (typeof builtinRoleKeys)[number];
export const builtinRoleKey = pgEnum('builtin_role_key', builtinRoleKeys);

/**
 * Roles of one account. Built-in roles carry a key and get their permissions from the code's catalogue;
 * custom roles are based on another role of the same account and add grants of their own.
 */
export const roles = pgTable(
  'roles',
  {
    id: id(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    builtinKey: builtinRoleKey(),
    name: text().notNull(),
    description: text().notNull().default(''),
    baseRoleId: uuid().references((): AnyPgColumn => roles.id, { onDelete: 'restrict' }),
    // Optimistic concurrency: every edit bumps it, a stale editor's save is refused.
    version: integer().notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('roles_account_name_unique').on(t.accountId, sql`lower(${t.name})`),
    // Groups carry roles of their own account only: group_roles pairs (account, role).
    unique('roles_account_id_unique').on(t.accountId, t.id),
    uniqueIndex('roles_account_builtin_unique').on(t.accountId, t.builtinKey).where(sql`${t.builtinKey} is not null`),
    index('roles_base_role_idx').on(t.baseRoleId),
    check('roles_not_own_base', sql`${t.baseRoleId} is null or ${t.baseRoleId} <> ${t.id}`),
    // Built-in roles stand alone; a custom role is always based on another role.
    check('roles_builtin_xor_base', sql`(${t.builtinKey} is null) = (${t.baseRoleId} is not null)`),
    check('roles_name_length', sql`char_length(btrim(${t.name})) between 1 and 60`),
  ],
);

export const grantKinds = ['permission', 'privilege'] as const;
export const grantKind = pgEnum('grant_kind', grantKinds);

/** What a custom role adds on top of its base: system permissions or free-named custom privileges. */
export const roleGrants = pgTable(
  'role_grants',
  {
    roleId: uuid()
      .notNull()
      .references(() => roles.id, { onDelete: 'cascade' }),
    kind: grantKind().notNull(),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.roleId, t.kind, t.name] }),
    check('role_grants_name_shape', sql`${t.name} ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' and char_length(${t.name}) <= 64`),
  ],
);

export type Role = typeof roles.$inferSelect;
export type NewRole = typeof roles.$inferInsert;
export type RoleGrant = typeof roleGrants.$inferSelect;
