import { readFileSync } from 'node:fs';
import path from 'node:path';

export function migrationsFolder(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.cwd(), 'db/migrations');
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** The committed migrations, in order: drizzle-kit's journal. */
export function readJournal(): JournalEntry[] {
  const journal = JSON.parse(readFileSync(path.join(migrationsFolder(), 'meta/_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries;
}

// Any constant will do, as long as every Rolecall process uses the same one.
const MIGRATION_LOCK_KEY = 727_001;

/**
 * Applies pending migrations to PostgreSQL. Several processes may start at once: a session-level advisory
 * lock on a single dedicated connection makes them take turns, and the later ones find nothing to do.
 */
export async function migrateWithAdvisoryLock(url: string): Promise<void> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const { migrate } = await import('drizzle-orm/postgres-js/migrator');
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    await migrate(drizzle({ client }), { migrationsFolder: migrationsFolder() });
    await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
  } finally {
    await client.end({ timeout: 5 });
  }
}
