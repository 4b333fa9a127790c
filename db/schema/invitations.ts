import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { createdAt } from './columns';
import { loginType } from './memberships';
import { roles } from './roles';
import { users } from './users';

/**
 * An invitation to join an account. Its status is derived, never stored: Completed once accepted, Revoked
 * once revoked, Expired once `expires_at` passes (no job needed), Waiting otherwise. The link carries a
 * random token; only its SHA-256 is stored, and resending replaces it.
 */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid().primaryKey().defaultRandom(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    email: text().notNull(),
    firstName: text().notNull().default(''),
    lastName: text().notNull().default(''),
    roleId: uuid()
      .notNull()
      .references(() => roles.id, { onDelete: 'restrict' }),
    loginType: loginType().notNull().default('local'),
    /**
     * Navigation and permission adjustments chosen in Add user for someone who already had a login: applied
     * to the membership when they accept (checked against the sender's access when it was made).
     */
    overrides: jsonb().$type<InvitationOverrides>().notNull().default({ grants: [], denies: [], hiddenModules: [] }),
    /** Temporary invitation: the membership's access ends here. */
    accessExpiresAt: timestamp({ withTimezone: true }),
    tokenHash: text().notNull(),
    sentByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    sentByName: text().notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    acceptedAt: timestamp({ withTimezone: true }),
    acceptedByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    revokedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_unique').on(t.tokenHash),
    // One open invitation per address and account: a second invite refreshes it instead.
    uniqueIndex('invitations_one_open_per_email')
      .on(t.accountId, sql`lower(${t.email})`)
      .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
    index('invitations_account_created_idx').on(t.accountId, t.createdAt),
    check('invitations_email_shape', sql`${t.email} ~ '^[^@\\s]+@[^@\\s]+$' and char_length(${t.email}) <= 254`),
    check('invitations_link_ends_by_access_end', sql`${t.accessExpiresAt} is null or ${t.expiresAt} <= ${t.accessExpiresAt}`),
    check('invitations_not_both_closed', sql`${t.acceptedAt} is null or ${t.revokedAt} is null`),
  ],
);

export interface InvitationOverrides {
  grants: string[];
  denies: string[];
  hiddenModules: string[];
}

export type Invitation = typeof invitations.$inferSelect;
