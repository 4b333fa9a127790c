import { sql } from 'drizzle-orm';
import { check, index, pgEnum, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { createdAt, id, updatedAt } from './columns';
import { roles } from './roles';
import { users } from './users';

export const membershipStatuses = ['active', 'deactivated', 'pending'] as const;
export type MembershipStatus = (typeof membershipStatuses)[number];
export const membershipStatus = pgEnum('membership_status', membershipStatuses);

export const loginTypes = ['local', 'sso'] as const;
export type LoginType = (typeof loginTypes)[number];
export const loginType = pgEnum('login_type', loginTypes);

/** A person's place in one account: status, login type and an optional end of access. */
export const memberships = pgTable(
  'memberships',
  {
    id: id(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    status: membershipStatus().notNull().default('active'),
    loginType: loginType().notNull().default('local'),
    accessExpiresAt: timestamp({ withTimezone: true }),
    invitedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    lastSignInAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('memberships_account_user_unique').on(t.accountId, t.userId),
    // Links to departments, teams and groups pair (account, membership), so none crosses accounts.
    unique('memberships_account_id_unique').on(t.accountId, t.id),
    index('memberships_user_idx').on(t.userId),
    check('memberships_expiry_after_creation', sql`${t.accessExpiresAt} is null or ${t.accessExpiresAt} > ${t.createdAt}`),
  ],
);

/** The roles a membership holds: a set, so groups and "Member of" can add more than one. */
export const membershipRoles = pgTable(
  'membership_roles',
  {
    membershipId: uuid()
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    roleId: uuid()
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.membershipId, t.roleId] }), index('membership_roles_role_idx').on(t.roleId)],
);

export type Membership = typeof memberships.$inferSelect;
export type NewMembership = typeof memberships.$inferInsert;

export const overrideKinds = ['grant', 'deny', 'hide_module'] as const;
export type OverrideKind = (typeof overrideKinds)[number];
export const overrideKind = pgEnum('override_kind', overrideKinds);

/**
 * One member's exceptions to their roles: a permission granted or denied (deny wins), or a module hidden
 * from their menu and blocked (the navigation permissions).
 */
export const membershipOverrides = pgTable(
  'membership_overrides',
  {
    membershipId: uuid()
      .notNull()
      .references(() => memberships.id, { onDelete: 'cascade' }),
    kind: overrideKind().notNull(),
    name: text().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.membershipId, t.kind, t.name] }),
    check('membership_overrides_name_shape', sql`${t.name} ~ '^[a-z0-9]+([._-][a-z0-9]+)*$' and char_length(${t.name}) <= 64`),
  ],
);

export type MembershipOverride = typeof membershipOverrides.$inferSelect;
