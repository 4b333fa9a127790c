import { sql } from 'drizzle-orm';
import { check, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_lower_unique').on(sql`lower(${t.email})`),
    check('users_email_shape', sql`${t.email} ~ '^[^@\\s]+@[^@\\s]+$' and char_length(${t.email}) <= 254`),
    check('users_first_name_length', sql`char_length(${t.firstName}) between 1 and 100`),
    check('users_last_name_length', sql`char_length(${t.lastName}) <= 100`),
    check('users_phone_shape', sql`${t.phone} is null or ${t.phone} ~ '^\\+[1-9][0-9]{6,14}$'`),
  ],
);

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
