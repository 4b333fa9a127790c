import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { readDbConfig, type DbConfig } from './config';
import { acquireDataFolderLock } from './lock';
import { migrateWithAdvisoryLock, migrationsFolder } from './migrate';
import * as schema from './schema';

export type Schema = typeof schema;
/** Both engines expose the same Drizzle query builder; postgres-js's type stands for both. */
export type Db = PostgresJsDatabase<Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Engine = 'pglite' | 'postgres';

export interface DbHandle {
  db: Db;
  engine: Engine;
  /** Runs `select 1` and answers the round trip in milliseconds. */
  ping(): Promise<number>;
  /** LISTENs on a channel (a dedicated connection on PostgreSQL); resolves once listening. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<void>;
  close(): Promise<void>;
}

const globalForDb = globalThis as unknown as { __rolecallDb?: Promise<DbHandle> };

/** The process's one database handle, opened (and migrated) on first use. */
export function getDbHandle(): Promise<DbHandle> {
  if (!globalForDb.__rolecallDb) {
    const opening = openDatabase(readDbConfig());
    globalForDb.__rolecallDb = opening;
    // A failed open (server down, folder locked) is not cached: the next request tries again.
    opening.catch(() => {
      if (globalForDb.__rolecallDb === opening) globalForDb.__rolecallDb = undefined;
    });
  }
  return globalForDb.__rolecallDb;
}

export async function getDb(): Promise<Db> {
  return (await getDbHandle()).db;
}

/** Tests install their own database (a fresh PGlite or a fresh PostgreSQL database). */
export function setDbHandle(handle: DbHandle | undefined): void {
  globalForDb.__rolecallDb = handle ? Promise.resolve(handle) : undefined;
}

export async function closeDb(): Promise<void> {
  const current = globalForDb.__rolecallDb;
  globalForDb.__rolecallDb = undefined;
  if (current) await (await current.catch(() => undefined))?.close();
}

export async function openDatabase(config: DbConfig): Promise<DbHandle> {
  return config.engine === 'postgres' ? openPostgres(config) : openPglite(config.dataDir);
}

async function openPglite(dataDir: string | null): Promise<DbHandle> {
  let release = () => {};
  if (dataDir) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    release = acquireDataFolderLock(path.join(dataDir, 'rolecall.lock'));
  }
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const { btree_gin } = await import('@electric-sql/pglite/contrib/btree_gin');
    const { drizzle } = await import('drizzle-orm/pglite');
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    const client = await PGlite.create({
      dataDir: dataDir ? path.join(dataDir, 'pgdata') : undefined,
      extensions: { pg_trgm, btree_gin },
    });
    const pgliteDb = drizzle({ client, schema, casing: 'snake_case' });
    await migrate(pgliteDb, { migrationsFolder: migrationsFolder() });
    return {
      db: pgliteDb as unknown as Db,
      engine: 'pglite',
      ping: async () => {
        const started = performance.now();
        await client.query('select 1');
        return performance.now() - started;
      },
      listen: async (channel, onPayload) => {
        await client.listen(channel, onPayload);
      },
      close: async () => {
        try {
          if (!client.closed) await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

async function openPostgres(config: Extract<DbConfig, { engine: 'postgres' }>): Promise<DbHandle> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  if (config.migrateOnStart) await migrateWithAdvisoryLock(config.url);
  const client = postgres(config.url, {
    max: config.poolMax,
    idle_timeout: 30,
    connect_timeout: config.connectTimeoutSeconds,
    onnotice: () => {},
  });
  return {
    db: drizzle({ client, schema, casing: 'snake_case' }),
    engine: 'postgres',
    ping: async () => {
      const started = performance.now();
      await client`select 1`;
      return performance.now() - started;
    },
    listen: async (channel, onPayload) => {
      await client.listen(channel, onPayload);
    },
    close: () => client.end({ timeout: 5 }),
  };
}
