import { sql } from 'drizzle-orm';
import { check, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { createdAt, id, updatedAt } from './columns';

/** A person. Their login email is unique whatever its case; what they may do lives on memberships. */
export const users = pgTable(
  'users',
  {
    id: id(),
    email: text().notNull(),
    // Null until the person sets one (SSO users, invited users who have not accepted yet).
    passwordHash: text(),
    firstName: text().notNull(),
    lastName: text().notNull(),
    // International format (E.164) once the profile sets it (issue 8); shown and searched on the Users tab.
    phone: text(),
    /** Set by proving the phone (a code); SMS notifications need it. Cleared when the phone changes. */
    phoneVerifiedAt: timestamp({ withTimezone: true }),
    /** Where notifications go, once verified by a link; may differ from the login email. Null: the login email. */
    contactEmail: text(),
    contactEmailVerifiedAt: timestamp({ withTimezone: true }),
    /** Plain text, always rendered as text. */
    description: text().notNull().default(''),
    /** The avatar's key in avatar storage (lib/storage); null: initials are shown. Changes with every upload. */
    avatarKey: text(),
    /** IANA time zone of the person (e.g. Europe/Berlin); null: the browser's. */
    timeZone: text(),
    /** Per kind of event (tasks, watched, comments, emails): which channels (in_app, email, sms). */
    notificationPrefs: jsonb().$type<Record<string, string[]>>().notNull().default({}),
    /**
     * The account that created this login (setup, Add user, or accepting its invitation as a new person).
     * A login belongs to its person: that account may manage its credentials only while the person belongs
     * to it alone (lib/dal/sessions/credentials-owner.ts). Null: no account may (created before the rule, or its
     * account is gone).
     */
    homeAccountId: uuid().references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_lower_unique').on(sql`lower(${t.email})`),
    check('users_email_shape', sql`${t.email} ~ '^[^@\\s]+@[^@\\s]+$' and char_length(${t.email}) <= 254`),
    check('users_first_name_length', sql`char_length(${t.firstName}) between 1 and 100`),
    check('users_last_name_length', sql`char_length(${t.lastName}) <= 100`),
    check('users_phone_shape', sql`${t.phone} is null or ${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
    check('users_contact_email_shape', sql`${t.contactEmail} is null or (${t.contactEmail} ~ '^[^@\\s]+@[^@\\s]+$' and char_length(${t.contactEmail}) <= 254)`),
    check('users_description_length', sql`char_length(${t.description}) <= 2000`),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
