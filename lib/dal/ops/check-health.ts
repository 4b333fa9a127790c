import 'server-only';
import { desc } from 'drizzle-orm';
import { getDbHandle } from '@/db/client';
import { readJournal } from '@/db/migrate';
import { drizzleMigrations } from '@/db/schema/drizzle-migrations';

export interface Health {
  engine: 'pglite' | 'postgres';
  migration: { tag: string | null; appliedAt: string | null };
  dbRoundTripMs: number;
}

/** The database's state for /api/health; throws when it cannot be reached. Public: it reveals no data. */
export async function checkHealth(): Promise<Health> {
  const handle = await getDbHandle();
  const dbRoundTripMs = await handle.ping();
  const [latest] = await handle.db
    .select({ createdAt: drizzleMigrations.createdAt })
    .from(drizzleMigrations)
    .orderBy(desc(drizzleMigrations.createdAt))
    .limit(1);
  const entry = readJournal().find((candidate) => candidate.when === latest?.createdAt);
  return {
    engine: handle.engine,
    migration: {
      tag: entry?.tag ?? null,
      appliedAt: latest?.createdAt ? new Date(latest.createdAt).toISOString() : null,
    },
    dbRoundTripMs: Math.round(dbRoundTripMs * 100) / 100,
  };
}
