import { timestamp, uuid } from 'drizzle-orm/pg-core';

/** A random primary key; ids in URLs are never guessable sequences. */
export const id = () => uuid().primaryKey().defaultRandom();

export const createdAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp({ withTimezone: true }).notNull().defaultNow();
