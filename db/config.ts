import path from 'node:path';

export type DbConfig =
  | { engine: 'pglite'; dataDir: string | null }
  | { engine: 'postgres'; url: string; poolMax: number; connectTimeoutSeconds: number; migrateOnStart: boolean };

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive whole number, got "${raw}"`);
  return value;
}

/** The data folder of the embedded engine (and of the generated secret): DATA_DIR, default ./.data. */
export function dataDir(): string {
  return path.resolve(/*turbopackIgnore: true*/ process.env.DATA_DIR || '.data');
}

/** DATABASE_URL chooses PostgreSQL; without it the app runs on PGlite in DATA_DIR. */
export function readDbConfig(): DbConfig {
  const url = process.env.DATABASE_URL;
  if (!url) return { engine: 'pglite', dataDir: dataDir() };
  if (!/^postgres(ql)?:\/\//.test(url)) throw new Error('DATABASE_URL must start with postgres:// or postgresql://');
  return {
    engine: 'postgres',
    url,
    poolMax: positiveInt('DB_POOL_MAX', 10),
    connectTimeoutSeconds: positiveInt('DB_CONNECT_TIMEOUT', 10),
    migrateOnStart: process.env.DB_MIGRATE_ON_START !== 'false',
  };
}
