import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll } from 'vitest';
import { openDatabase, setDbHandle, type DbHandle } from '@/db/client';
import { setClockOffset } from '@/lib/clock';
import { resetSetupCache } from '@/lib/dal/setup/complete-setup';

/** Which engine the integration suite runs on: PostgreSQL when DATABASE_URL is set, else PGlite. */
export const testEngine = process.env.DATABASE_URL ? 'postgres' : 'pglite';

/**
 * Gives this test file a database of its own, migrated, installed as the app's database: an in-memory
 * PGlite, or a fresh database on the DATABASE_URL server (dropped afterwards), so files cannot interfere.
 */
export function withTestDatabase(): { handle: () => DbHandle } {
  let handle: DbHandle | undefined;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const adminUrl = process.env.DATABASE_URL;
    if (adminUrl) {
      const name = `rolecall_test_${randomBytes(6).toString('hex')}`;
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      handle = await openDatabase({ engine: 'postgres', url: url.toString(), poolMax: 4, connectTimeoutSeconds: 10, migrateOnStart: true });
      drop = async () => {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
        await admin.end();
      };
    } else {
      handle = await openDatabase({ engine: 'pglite', dataDir: null });
    }
    setDbHandle(handle);
    resetSetupCache();
    setClockOffset(0);
  });
  afterAll(async () => {
    setDbHandle(undefined);
    await handle?.close();
    await drop?.();
  });
  return {
    handle: () => {
      if (!handle) throw new Error('The test database is not open yet');
      return handle;
    },
  };
}
