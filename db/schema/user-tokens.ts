import { index, pgEnum, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './accounts';
import { createdAt } from './columns';
import { users } from './users';

export const userTokenPurposes = ['activation', 'contact_email', 'phone', 'password_reset'] as const;
export const userTokenPurpose = pgEnum('user_token_purpose', userTokenPurposes);

/**
 * Single-use secrets sent to a person: the activation link of a user an admin added, the link verifying a
 * contact email, the code verifying a phone, a forgotten password's reset link. Only the SHA-256 of the random
 * token is stored.
 */
export const userTokens = pgTable(
  'user_tokens',
  {
    tokenHash: text().primaryKey(),
    userId: uuid()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    accountId: uuid()
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    purpose: userTokenPurpose().notNull(),
    /** What the token proves, e.g. the contact email or phone number being verified. */
    subject: text(),
    createdByUserId: uuid().references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('user_tokens_user_idx').on(t.userId)],
);

export type UserToken = typeof userTokens.$inferSelect;
