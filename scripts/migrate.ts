// `npm run db:migrate`: applies pending migrations to DATABASE_URL (or to PGlite in DATA_DIR), then exits.
import { closeDb, getDbHandle } from '@/db/client';
import { readDbConfig } from '@/db/config';
import { migrateWithAdvisoryLock } from '@/db/migrate';

async function main() {
  const config = readDbConfig();
  if (config.engine === 'postgres') {
    // Behind an advisory lock, so it is safe beside servers that migrate at start.
    await migrateWithAdvisoryLock(config.url);
    console.info('Migrations applied (postgres).');
    return;
  }
  // Opening PGlite applies the migrations (and takes the data folder's lock: stop the app first).
  await getDbHandle();
  console.info(`Migrations applied (pglite in ${config.dataDir}).`);
}

main()
  .catch((error) => {
    console.error(`Migration failed: ${(error as Error).message}`);
    process.exitCode = 1;
  })
  .finally(() => closeDb());
