import { bigint, pgSchema, serial, text } from 'drizzle-orm/pg-core';

/** drizzle-kit's own bookkeeping table, read by /api/health. Not part of the app's schema barrel. */
export const drizzleMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  id: serial().primaryKey(),
  hash: text().notNull(),
  createdAt: bigint('created_at', { mode: 'number' }),
});
