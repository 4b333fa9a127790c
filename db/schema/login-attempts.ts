import { bigserial, boolean, index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt } from './columns';

/** Every sign-in attempt, so throttling holds across restarts and processes. */
export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    email: text().notNull(),
    ip: text(),
    succeeded: boolean().notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    index('login_attempts_email_time_idx').on(t.email, t.createdAt),
    index('login_attempts_ip_time_idx').on(t.ip, t.createdAt),
  ],
);
