import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { createdAt, id, updatedAt } from './columns';
import { memberships } from './memberships';
import { users } from './users';

// Issue 17: seat-counted licences per account. A pool unlocks system permissions and whole modules; a
// member holds a seat of it through membership_licences. The seat count is the database's rule too:
// `used` is kept by statement triggers on membership_licences (migration 0018) in the writing
// transaction, and a check refuses more holders than seats, whoever writes.

/** A licence the account holds: its product, its seats, until when, and what it unlocks. */
export const licencePools = pgTable(
  'licence_pools',
  {
    id: id(),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The product key, e.g. `crm.pro`: lower case, stable, unique per account. */
    key: text().notNull(),
    name: text().notNull(),
    seats: integer().notNull(),
    /** Seats held, kept by migration 0018's triggers. */
    used: integer().notNull().default(0),
    /** Valid until then (exclusive); null: no end. */
    endsAt: timestamp({ withTimezone: true }),
    /** System permissions the licence unlocks (catalogue names). */
    permissions: text().array().notNull().default(sql`'{}'::text[]`),
    /** Modules the licence unlocks: every permission of each. */
    modules: text().array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    unique('licence_pools_account_id_unique').on(t.accountId, t.id),
    uniqueIndex('licence_pools_account_key_unique').on(t.accountId, t.key),
    uniqueIndex('licence_pools_account_name_unique').on(t.accountId, sql`lower(${t.name})`),
    check('licence_pools_key_shape', sql`char_length(${t.key}) <= 64 and ${t.key} ~ '^[a-z0-9]+([._-][a-z0-9]+)*$'`),
    check('licence_pools_name_shape', sql`char_length(${t.name}) between 1 and 100 and ${t.name} = btrim(${t.name})`),
    check('licence_pools_seats_range', sql`${t.seats} between 1 and 1000000`),
    check('licence_pools_seats_used', sql`${t.used} >= 0 and ${t.used} <= ${t.seats}`),
    check('licence_pools_unlocks_something', sql`cardinality(${t.permissions}) + cardinality(${t.modules}) between 1 and 200`),
  ],
);

/** A member's seat of a pool. */
export const membershipLicences = pgTable(
  'membership_licences',
  {
    poolId: uuid().notNull(),
    membershipId: uuid().notNull(),
    accountId: uuid().notNull(),
    grantedBy: uuid().references(() => users.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: 'membership_licences_pk', columns: [t.poolId, t.membershipId] }),
    index('membership_licences_membership_idx').on(t.membershipId),
    foreignKey({ name: 'membership_licences_pool_fk', columns: [t.accountId, t.poolId], foreignColumns: [licencePools.accountId, licencePools.id] }).onDelete('cascade'),
    foreignKey({ name: 'membership_licences_membership_fk', columns: [t.accountId, t.membershipId], foreignColumns: [memberships.accountId, memberships.id] }).onDelete('cascade'),
  ],
);

export type LicencePool = typeof licencePools.$inferSelect;
